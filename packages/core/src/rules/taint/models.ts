import type { Language } from '@xcr/contracts';
import type { Program } from './ir.ts';

/**
 * What the interpreter knows about a language's standard library: which calls return data that cannot carry
 * an injection (numbers, booleans), which calls store their arguments in the receiver, and the names of the
 * container operations it models precisely.
 */
export interface LangModel {
  /** `/` on two integers truncates. */
  isIntDivision: boolean;
  /** `a || b` evaluates to an operand (JavaScript, Python, Ruby) rather than to a boolean. */
  isLogicalValue: boolean;
  /** Methods whose result never carries taint (lengths, comparisons, parsers to numbers). */
  cleanMethods: ReadonlySet<string>;
  /** Plain functions / static methods whose result never carries taint. */
  cleanFunctions: ReadonlySet<string>;
  /** Fields whose value never carries taint (`length`). */
  cleanFields: ReadonlySet<string>;
  /** Static parsers (`valueOf`, `fromString`, `parse`) that turn text into a value of one of `valueTypes`. */
  valueParsers: ReadonlySet<string>;
  /** Classes whose values hold no text of their own (numbers, dates, UUIDs, enums). */
  valueTypes: RegExp;
  /**
   * Calls (`Class.method`) that return a file's content: what they read is the file's, not the caller's, even when
   * the path was tainted (the path itself is checked as a sink of its own).
   */
  fileReads: ReadonlySet<string>;
  /** Methods that store their arguments' data in the receiver. */
  mutators: ReadonlySet<string>;
  /** Methods that read without changing a container (keep precise container models precise). */
  readers: ReadonlySet<string>;
  /** Constructor / factory names that produce lists, maps and string builders. */
  listTypes: RegExp;
  mapTypes: RegExp;
  builderTypes: RegExp;
  /** Calls that build a list from their arguments (`Arrays.asList`, `List.of`). */
  listFactories: ReadonlySet<string>;
  /**
   * Methods whose result holds only what their callback returns for each element (`stream.map(fn)`,
   * `optional.map(fn)`): the result carries the callback's result, not the elements it was given.
   */
  elementMappers: ReadonlySet<string>;
  list: {
    add: ReadonlySet<string>;
    get: ReadonlySet<string>;
    remove: ReadonlySet<string>;
    set: ReadonlySet<string>;
  };
  map: { put: ReadonlySet<string>; get: ReadonlySet<string>; remove: ReadonlySet<string> };
  builder: { append: ReadonlySet<string>; toString: ReadonlySet<string> };
  /** Calls reading configuration by key (`getProperty`), resolved through the project's properties. */
  propertyGetters: ReadonlySet<string>;
  /** Receivers whose `propertyGetters` do not read the project's configuration (`System`). */
  nonProjectProperties: RegExp;
  /** `this`-like receiver names (`self`). */
  selfNames: ReadonlySet<string>;
  /** Functions whose first argument takes in the data of the others (`array_push($a, $x)`). */
  argMutators: ReadonlySet<string>;
  /** Plain calls of capitalised names construct objects (Python, Ruby `Foo(x)` style). */
  isCapitalCallNew: boolean;
  /** Calls whose result is a path with `..` segments resolved (`normalize`, `realpath`), for containment checks. */
  pathNormalizers: ReadonlySet<string>;
  /** `^` and `$` of a regular expression match at line ends, not only at the ends of the text (Ruby). */
  hasLineAnchors: boolean;
}

const set = (...names: string[]): ReadonlySet<string> => new Set(names);

const commonClean = [
  'length',
  'size',
  'count',
  'isEmpty',
  'equals',
  'equalsIgnoreCase',
  'compareTo',
  'compareToIgnoreCase',
  'hashCode',
  'indexOf',
  'lastIndexOf',
  'contains',
  'containsKey',
  'containsValue',
  'startsWith',
  'endsWith',
  'matches',
  'hasNext',
  'hasMoreElements',
  'hasMoreTokens',
  'getClass',
  'exists',
  'isFile',
  'isDirectory',
  'canRead',
  'canWrite',
  'booleanValue',
  'intValue',
  'longValue',
  'doubleValue',
  'floatValue',
  'getLength',
  'available',
  'read',
  'nextInt',
  'nextLong',
  'nextDouble',
  'nextBoolean',
  'nextFloat',
  'nextGaussian',
  'getMaxAge',
  'getSecure',
  'isSecure',
  'isHttpOnly',
  'getVersion',
  'executeUpdate',
  'executeBatch',
  'getUpdateCount',
  'instanceOf',
  'typeOf',
  'ordinal',
];

/** Java (also the base for C#). */
export const javaModel: LangModel = {
  isIntDivision: true,
  isLogicalValue: false,
  cleanMethods: set(...commonClean),
  cleanFunctions: set(
    'parseInt',
    'parseLong',
    'parseDouble',
    'parseFloat',
    'parseBoolean',
    'parseShort',
    'parseByte',
    'currentTimeMillis',
    'nanoTime',
    'random',
    'isNaN',
    'abs',
    'max',
    'min',
    'round',
    'floor',
    'ceil',
  ),
  cleanFields: set('length'),
  valueParsers: set('valueOf', 'fromString', 'parse', 'of', 'ofEpochMilli', 'ofEpochSecond'),
  valueTypes:
    /^(Integer|Long|Short|Byte|Double|Float|Boolean|BigInteger|BigDecimal|UUID|LocalDate|LocalDateTime|LocalTime|Instant|OffsetDateTime|ZonedDateTime|Duration|Period|Year|YearMonth|DayOfWeek|Month)$/,
  fileReads: set(
    'Files.readString',
    'Files.readAllBytes',
    'Files.readAllLines',
    'Files.lines',
    'Files.newBufferedReader',
    'Files.newInputStream',
  ),
  mutators: set(
    'add',
    'addAll',
    'put',
    'putAll',
    'append',
    'insert',
    'push',
    'offer',
    'addElement',
    'addFirst',
    'addLast',
    'set',
    'setValue',
    'write',
    'print',
    'println',
    'update',
    'load',
    'putIfAbsent',
    'replace',
    'addHeader',
    'setAttribute',
  ),
  readers: set(
    'get',
    'size',
    'isEmpty',
    'contains',
    'containsKey',
    'containsValue',
    'indexOf',
    'iterator',
    'stream',
    'toString',
    'toArray',
    'keySet',
    'values',
    'entrySet',
    'getOrDefault',
    'length',
    'charAt',
    'equals',
    'hashCode',
    'forEach',
    'listIterator',
    'subList',
    'elementAt',
    'firstElement',
    'lastElement',
  ),
  listTypes:
    /(^|\.)(ArrayList|LinkedList|Vector|Stack|CopyOnWriteArrayList|ArrayDeque|HashSet|LinkedHashSet|TreeSet)$/,
  mapTypes: /(^|\.)(HashMap|TreeMap|LinkedHashMap|Hashtable|ConcurrentHashMap|WeakHashMap|EnumMap)$/,
  builderTypes: /(^|\.)(StringBuilder|StringBuffer|StringWriter|StringJoiner)$/,
  listFactories: set('asList', 'of', 'singletonList', 'copyOf'),
  elementMappers: set('map', 'flatMap', 'mapToObj', 'mapToInt', 'mapToLong', 'mapToDouble', 'thenApply'),
  list: {
    add: set('add', 'addElement', 'addLast', 'offer', 'push'),
    get: set('get', 'elementAt'),
    remove: set('remove'),
    set: set('set'),
  },
  map: { put: set('put'), get: set('get', 'getOrDefault'), remove: set('remove') },
  builder: { append: set('append', 'write'), toString: set('toString') },
  propertyGetters: set('getProperty'),
  nonProjectProperties: /^System$|^java\.lang\.System$/,
  selfNames: set('this', 'super'),
  argMutators: set(),
  isCapitalCallNew: false,
  pathNormalizers: set('normalize', 'toRealPath', 'getCanonicalPath', 'getCanonicalFile'),
  hasLineAnchors: false,
};

const never = /^\b$/;
const none = set();

/** JavaScript and TypeScript. */
export const jsModel: LangModel = {
  ...javaModel,
  isIntDivision: false,
  isLogicalValue: true,
  cleanMethods: set(
    ...commonClean,
    'charCodeAt',
    'codePointAt',
    'localeCompare',
    'test',
    'includes',
    'some',
    'every',
    'findIndex',
    'has',
    'search',
    'getTime',
    'valueOf',
  ),
  cleanFunctions: set(
    'parseInt',
    'parseFloat',
    'Number',
    'Boolean',
    'isNaN',
    'isFinite',
    'now',
    'floor',
    'ceil',
    'round',
    'abs',
    'max',
    'min',
    'random',
  ),
  cleanFields: set('length', 'size'),
  valueParsers: none,
  valueTypes: /(?!)/,
  fileReads: none,
  mutators: set('push', 'unshift', 'set', 'add', 'append', 'splice', 'fill', 'write'),
  readers: set(
    'join',
    'slice',
    'indexOf',
    'includes',
    'at',
    'concat',
    'map',
    'filter',
    'forEach',
    'find',
    'some',
    'every',
    'reduce',
    'keys',
    'values',
    'entries',
    'get',
    'has',
    'toString',
    'flat',
    'flatMap',
  ),
  listTypes: /^Array$|^Set$/,
  mapTypes: /^Map$|^URLSearchParams$/,
  builderTypes: never,
  listFactories: set('of', 'from'),
  elementMappers: set('map', 'flatMap'),
  list: { add: set('push'), get: set('at'), remove: none, set: none },
  map: { put: set('set'), get: set('get'), remove: set('delete') },
  builder: { append: none, toString: none },
  propertyGetters: none,
  selfNames: set('this'),
  pathNormalizers: set('resolve', 'normalize', 'realpath', 'realpathSync'),
};

/** Python. */
export const pythonModel: LangModel = {
  ...javaModel,
  isIntDivision: false,
  isLogicalValue: true,
  cleanMethods: set(
    ...commonClean,
    'isdigit',
    'isalpha',
    'isalnum',
    'isnumeric',
    'isdecimal',
    'startswith',
    'endswith',
    'count',
    'find',
    'index',
    'isupper',
    'islower',
  ),
  cleanFunctions: set(
    'len',
    'int',
    'float',
    'bool',
    'isinstance',
    'hasattr',
    'callable',
    'abs',
    'round',
    'ord',
    'id',
    'hash',
    'type',
  ),
  cleanFields: none,
  valueParsers: none,
  valueTypes: /(?!)/,
  fileReads: none,
  mutators: set(
    'append',
    'extend',
    'insert',
    'add',
    'update',
    'setdefault',
    'write',
    'appendleft',
    'writelines',
  ),
  readers: set('get', 'keys', 'values', 'items', 'copy', 'index', 'count'),
  listTypes: /^(list|set|deque|tuple)$/,
  mapTypes: /^(dict|OrderedDict|defaultdict)$/,
  builderTypes: /^StringIO$/,
  listFactories: none,
  elementMappers: none,
  list: { add: set('append'), get: none, remove: none, set: none },
  map: { put: none, get: set('get'), remove: none },
  builder: { append: set('write'), toString: set('getvalue') },
  propertyGetters: none,
  selfNames: set('self', 'cls'),
  isCapitalCallNew: true,
  pathNormalizers: set('realpath', 'abspath', 'normpath', 'resolve'),
};

/** Go. */
export const goModel: LangModel = {
  ...javaModel,
  cleanMethods: set(
    ...commonClean,
    'Len',
    'Contains',
    'HasPrefix',
    'HasSuffix',
    'Index',
    'EqualFold',
    'Compare',
    'Atoi',
    'ParseInt',
    'ParseFloat',
    'ParseBool',
    'ParseUint',
    'Itoa',
    'Count',
  ),
  cleanFunctions: set('len', 'cap'),
  cleanFields: none,
  valueParsers: none,
  valueTypes: /(?!)/,
  fileReads: none,
  mutators: set('Set', 'Add', 'Write', 'WriteString', 'WriteByte', 'WriteRune'),
  readers: set('Get', 'Values'),
  listTypes: never,
  mapTypes: never,
  builderTypes: never,
  listFactories: none,
  elementMappers: none,
  list: { add: none, get: none, remove: none, set: none },
  map: { put: none, get: none, remove: none },
  builder: { append: none, toString: none },
  propertyGetters: none,
  selfNames: none,
  pathNormalizers: set('Clean', 'Abs', 'EvalSymlinks'),
};

/** PHP. */
export const phpModel: LangModel = {
  ...javaModel,
  isIntDivision: false,
  cleanMethods: set(...commonClean),
  cleanFunctions: set(
    'intval',
    'floatval',
    'boolval',
    'count',
    'strlen',
    'is_numeric',
    'is_int',
    'isset',
    'empty',
    'in_array',
    'array_key_exists',
    'strpos',
    'stripos',
    'preg_match',
    'md5',
    'sha1',
    'hash',
    'crc32',
    'ctype_digit',
    'ctype_alpha',
    'ctype_alnum',
    'abs',
    'round',
    'sizeof',
    'is_string',
    'is_array',
    'password_hash',
    'password_verify',
    'time',
    'rand',
    'mt_rand',
    'random_int',
  ),
  cleanFields: none,
  valueParsers: none,
  valueTypes: /(?!)/,
  fileReads: none,
  mutators: none,
  readers: none,
  listTypes: /^ArrayObject$/,
  mapTypes: never,
  builderTypes: never,
  listFactories: none,
  elementMappers: none,
  list: { add: none, get: none, remove: none, set: none },
  map: { put: none, get: none, remove: none },
  builder: { append: none, toString: none },
  propertyGetters: none,
  selfNames: set('this', 'self', 'static', 'parent'),
  pathNormalizers: set('realpath'),
  argMutators: set('array_push', 'array_unshift'),
};

/** Ruby. */
export const rubyModel: LangModel = {
  ...javaModel,
  isLogicalValue: true,
  cleanMethods: set(
    ...commonClean,
    'to_i',
    'to_f',
    'to_r',
    'empty?',
    'nil?',
    'include?',
    'start_with?',
    'end_with?',
    'present?',
    'blank?',
    'any?',
    'is_a?',
    'match?',
    'zero?',
    'positive?',
    'negative?',
    'key?',
    'has_key?',
    'between?',
    'exist?',
    'exists?',
  ),
  cleanFunctions: set('Integer', 'Float', 'rand'),
  cleanFields: none,
  valueParsers: none,
  valueTypes: /(?!)/,
  fileReads: none,
  mutators: set(
    '<<',
    'push',
    'append',
    'concat',
    'insert',
    'merge!',
    'store',
    'update',
    'unshift',
    'prepend',
  ),
  readers: set('[]', 'fetch', 'dig', 'first', 'last', 'keys', 'values', 'each', 'map', 'join', 'to_s', 'dup'),
  listTypes: /^Array$/,
  mapTypes: /^Hash$/,
  builderTypes: never,
  listFactories: none,
  elementMappers: none,
  list: { add: set('push', '<<', 'append'), get: set('at'), remove: set('delete_at'), set: none },
  map: { put: set('store'), get: set('fetch'), remove: set('delete') },
  builder: { append: none, toString: none },
  propertyGetters: none,
  selfNames: set('self'),
  isCapitalCallNew: false,
  pathNormalizers: set('expand_path', 'realpath', 'cleanpath'),
  hasLineAnchors: true,
};

/** C#. */
export const csharpModel: LangModel = {
  ...javaModel,
  cleanMethods: set(
    ...commonClean,
    'Length',
    'Count',
    'Equals',
    'Contains',
    'StartsWith',
    'EndsWith',
    'IndexOf',
    'Any',
    'IsNullOrEmpty',
    'IsNullOrWhiteSpace',
    'CompareTo',
    'GetHashCode',
    'Parse',
    'TryParse',
    'ToInt32',
    'ToInt64',
    'ToDouble',
    'ToBoolean',
    'ContainsKey',
  ),
  cleanFunctions: set('nameof', 'sizeof'),
  cleanFields: set('Length', 'Count'),
  valueParsers: set('Parse', 'ParseExact'),
  valueTypes:
    /^(int|long|short|byte|double|float|decimal|bool|Int16|Int32|Int64|UInt16|UInt32|UInt64|Double|Single|Decimal|Boolean|Guid|DateTime|DateTimeOffset|DateOnly|TimeOnly|TimeSpan)$/,
  fileReads: set(
    'File.ReadAllText',
    'File.ReadAllBytes',
    'File.ReadAllLines',
    'File.ReadLines',
    'File.OpenRead',
    'File.OpenText',
  ),
  mutators: set(
    'Add',
    'Append',
    'AppendLine',
    'Insert',
    'Write',
    'WriteLine',
    'Push',
    'Enqueue',
    'AddRange',
    'Set',
  ),
  readers: set(
    'ToString',
    'ElementAt',
    'Contains',
    'ContainsKey',
    'TryGetValue',
    'First',
    'FirstOrDefault',
    'Select',
    'Where',
    'ToList',
    'ToArray',
    'Keys',
    'Values',
  ),
  listTypes: /(^|\.)(List|HashSet|LinkedList|Queue|Stack)$/,
  mapTypes: /(^|\.)(Dictionary|SortedDictionary|ConcurrentDictionary|Hashtable)$/,
  builderTypes: /(^|\.)StringBuilder$/,
  listFactories: none,
  elementMappers: set('Select', 'SelectMany'),
  list: { add: set('Add'), get: set('ElementAt'), remove: set('RemoveAt'), set: none },
  map: { put: set('Add'), get: set('GetValueOrDefault'), remove: set('Remove') },
  builder: { append: set('Append', 'AppendLine'), toString: set('ToString') },
  propertyGetters: none,
  selfNames: set('this', 'base'),
  pathNormalizers: set('GetFullPath'),
};

/** The model used for a language. */
export function modelFor(language: Language): LangModel {
  switch (language) {
    case 'javascript':
    case 'typescript':
      return jsModel;
    case 'python':
      return pythonModel;
    case 'go':
      return goModel;
    case 'php':
      return phpModel;
    case 'ruby':
      return rubyModel;
    case 'csharp':
      return csharpModel;
    default:
      return javaModel;
  }
}

/**
 * Whether a type named like a platform value type (`Period`, `UUID`) is the platform's: written qualified in
 * `java.` / `System.`, or simple and not imported from elsewhere (a project's own `com.acme.Period` is a bean).
 */
export function isPlatformType(type: string, program: Program): boolean {
  if (type.includes('.')) return /^(java|System)\./.test(type);
  const imported = program.imports.get(type);
  return imported === undefined || /^(java|System)\./.test(imported);
}

/**
 * Whether `type` (simple or qualified) names a class whose values hold no text of their own: an enum of the file,
 * or one of the model's `valueTypes` that is the platform's (see `isPlatformType`).
 */
export function isValueClass(type: string, model: LangModel, program: Program): boolean {
  const simple = type.slice(type.lastIndexOf('.') + 1);
  return program.enumNames.has(simple) || (model.valueTypes.test(simple) && isPlatformType(type, program));
}
