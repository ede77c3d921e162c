import type { Language } from '@xcr/contracts';

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
  list: { add: ReadonlySet<string>; get: ReadonlySet<string>; remove: ReadonlySet<string>; set: ReadonlySet<string> };
  map: { put: ReadonlySet<string>; get: ReadonlySet<string>; remove: ReadonlySet<string> };
  builder: { append: ReadonlySet<string>; toString: ReadonlySet<string> };
  /** Calls reading configuration by key (`getProperty`), resolved through the project's properties. */
  propertyGetters: ReadonlySet<string>;
  /** Receivers whose `propertyGetters` do not read the project's configuration (`System`). */
  nonProjectProperties: RegExp;
  /** `this`-like receiver names (`self`). */
  selfNames: ReadonlySet<string>;
}

const set = (...names: string[]): ReadonlySet<string> => new Set(names);

const commonClean = [
  'length', 'size', 'count', 'isEmpty', 'equals', 'equalsIgnoreCase', 'compareTo', 'compareToIgnoreCase',
  'hashCode', 'indexOf', 'lastIndexOf', 'contains', 'containsKey', 'containsValue', 'startsWith', 'endsWith',
  'matches', 'hasNext', 'hasMoreElements', 'hasMoreTokens', 'getClass', 'exists', 'isFile', 'isDirectory',
  'canRead', 'canWrite', 'booleanValue', 'intValue', 'longValue', 'doubleValue', 'floatValue',
  'getLength', 'available', 'read', 'nextInt', 'nextLong', 'nextDouble', 'nextBoolean', 'nextFloat',
  'nextGaussian', 'getMaxAge', 'getSecure', 'isSecure', 'isHttpOnly', 'getVersion', 'executeUpdate',
  'executeBatch', 'getUpdateCount', 'instanceOf', 'typeOf', 'ordinal',
];

/** Java (also the base for C#). */
export const javaModel: LangModel = {
  isIntDivision: true,
  isLogicalValue: false,
  cleanMethods: set(...commonClean),
  cleanFunctions: set(
    'parseInt', 'parseLong', 'parseDouble', 'parseFloat', 'parseBoolean', 'parseShort', 'parseByte',
    'currentTimeMillis', 'nanoTime', 'random', 'isNaN', 'abs', 'max', 'min', 'round', 'floor', 'ceil',
  ),
  cleanFields: set('length'),
  mutators: set(
    'add', 'addAll', 'put', 'putAll', 'append', 'insert', 'push', 'offer', 'addElement', 'addFirst', 'addLast',
    'set', 'setValue', 'write', 'print', 'println', 'update', 'load', 'putIfAbsent', 'replace', 'addHeader',
    'setAttribute',
  ),
  readers: set(
    'get', 'size', 'isEmpty', 'contains', 'containsKey', 'containsValue', 'indexOf', 'iterator', 'stream',
    'toString', 'toArray', 'keySet', 'values', 'entrySet', 'getOrDefault', 'length', 'charAt', 'equals',
    'hashCode', 'forEach', 'listIterator', 'subList', 'elementAt', 'firstElement', 'lastElement',
  ),
  listTypes: /(^|\.)(ArrayList|LinkedList|Vector|Stack|CopyOnWriteArrayList|ArrayDeque|HashSet|LinkedHashSet|TreeSet)$/,
  mapTypes: /(^|\.)(HashMap|TreeMap|LinkedHashMap|Hashtable|ConcurrentHashMap|WeakHashMap|EnumMap)$/,
  builderTypes: /(^|\.)(StringBuilder|StringBuffer|StringWriter|StringJoiner)$/,
  listFactories: set('asList', 'of', 'singletonList', 'copyOf'),
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
};

/** The model used for a language. */
export function modelFor(language: Language): LangModel {
  switch (language) {
    default:
      return javaModel;
  }
}
