import type { CallMatcher, SinkSpec, SourceSpec, TaintRule } from './spec.ts';
import type { TaintCategory } from './catalog-meta.ts';
import { taintRule } from './catalog-meta.ts';

const request = '(^|\\.)Request$|^(r|req|request)$';
const framework = '(gin|echo|fiber|chi)\\.Context$|^(c|ctx)$';

/** net/http, gorilla/mux, gin, echo and fiber request data. */
const sources: readonly SourceSpec[] = [
  {
    label: 'HTTP request data',
    call: {
      names: [
        'FormValue',
        'PostFormValue',
        'FormFile',
        'Cookie',
        'Cookies',
        'Referer',
        'UserAgent',
        'MultipartReader',
      ],
      receiver: request,
    },
  },
  {
    label: 'HTTP request data',
    member: {
      names: ['URL', 'Form', 'PostForm', 'MultipartForm', 'Header', 'Body', 'RequestURI', 'Trailer', 'Host'],
      receiver: request,
    },
  },
  {
    label: 'HTTP request data',
    call: {
      names: [
        'Query',
        'DefaultQuery',
        'QueryArray',
        'QueryMap',
        'Param',
        'Params',
        'PostForm',
        'DefaultPostForm',
        'PostFormArray',
        'GetHeader',
        'Cookie',
        'GetRawData',
        'QueryParam',
        'QueryParams',
        'FormValue',
        'FormParams',
        'Body',
        'BodyParser',
        'Get',
        'FormFile',
      ],
      receiver: framework,
    },
  },
  { label: 'HTTP request data', call: { names: ['Vars'], receiver: '^mux$' } },
];

const numeric: CallMatcher = { names: ['Atoi', 'ParseInt', 'ParseFloat', 'ParseBool', 'ParseUint'] };
const writer = 'ResponseWriter|^(w|rw|resp|res|writer)$';

const sinks: Record<TaintCategory, readonly SinkSpec[]> = {
  sqli: [
    {
      names: ['Query', 'QueryRow', 'Exec', 'Prepare', 'MustExec', 'Queryx', 'QueryRowx'],
      receiver: '(db|tx|conn|sql|stmt|database)',
      args: [0],
    },
    {
      names: ['QueryContext', 'QueryRowContext', 'ExecContext', 'PrepareContext', 'QueryxContext'],
      receiver: '(db|tx|conn|sql|database)',
      args: [1],
    },
    { names: ['Select', 'Get'], receiver: '(db|tx|sqlx)', args: [1] },
    {
      names: ['Raw', 'Exec', 'Where', 'Or', 'Not', 'Order', 'Group', 'Having', 'Joins'],
      receiver: '(gorm|db|tx)',
      args: [0],
    },
  ],
  'command-injection': [
    { names: ['Command'], receiver: '^exec$' },
    { names: ['CommandContext'], receiver: '^exec$' },
    { names: ['Exec', 'ForkExec', 'StartProcess'], receiver: '^(syscall|os)$', args: [0, 1] },
  ],
  'code-injection': [{ names: ['Parse'], receiver: '(^|\\.)(template|tmpl|t)$|template\\.New', args: [0] }],
  'ldap-injection': [{ names: ['NewSearchRequest'], receiver: '^ldap$', args: [0, 6] }],
  'xpath-injection': [
    {
      names: ['Find', 'FindOne', 'QueryAll', 'Query', 'Compile', 'MustCompile', 'Select'],
      receiver: '^(xmlquery|htmlquery|xpath|jsonquery|xmlpath)$',
      args: [0, 1],
    },
  ],
  xss: [
    {
      names: ['Fprintf', 'Fprint', 'Fprintln'],
      receiver: '^fmt$',
      argMatches: { index: 0, pattern: writer },
      args: [1, 2, 3, 4, 5, 6, 7, 8],
    },
    { names: ['Write', 'WriteString'], receiver: writer, args: [0] },
    { names: ['WriteString'], receiver: '^io$', argMatches: { index: 0, pattern: writer }, args: [1] },
    { names: ['HTML', 'JS', 'HTMLAttr', 'CSS', 'URL'], receiver: '^template$', args: [0] },
    { names: ['HTML'], receiver: framework, args: [1] },
    { names: ['Data'], receiver: framework, args: [2] },
  ],
  'path-traversal': [
    {
      names: [
        'Open',
        'OpenFile',
        'Create',
        'ReadFile',
        'WriteFile',
        'Remove',
        'RemoveAll',
        'Mkdir',
        'MkdirAll',
        'Rename',
        'ReadDir',
        'Truncate',
        'Chmod',
      ],
      receiver: '^(os|ioutil)$',
      args: [0],
    },
    { names: ['ServeFile'], receiver: '^http$', args: [2] },
    { names: ['File', 'FileAttachment', 'SendFile', 'Attachment'], receiver: framework, args: [0] },
  ],
  ssrf: [
    { names: ['Get', 'Post', 'Head', 'PostForm'], receiver: '^http$|client', args: [0] },
    { names: ['NewRequest'], receiver: '^http$', args: [1] },
    { names: ['NewRequestWithContext'], receiver: '^http$', args: [2] },
  ],
  'open-redirect': [
    { names: ['Redirect'], receiver: '^http$', args: [2] },
    { names: ['Redirect'], receiver: framework, args: [1] },
  ],
  deserialization: [],
};

const sanitizers: Partial<Record<TaintCategory, readonly CallMatcher[]>> = {
  sqli: [numeric],
  'command-injection': [numeric, { names: ['Quote'], receiver: 'shellescape|shellquote' }],
  xss: [
    numeric,
    {
      names: [
        'EscapeString',
        'HTMLEscapeString',
        'JSEscapeString',
        'QueryEscape',
        'PathEscape',
        'Sanitize',
        'HTMLEscaper',
      ],
    },
  ],
  'path-traversal': [numeric, { names: ['Base'], receiver: '^(filepath|path)$' }],
  'ldap-injection': [{ names: ['EscapeFilter', 'EscapeDN'] }],
  ssrf: [numeric],
  'open-redirect': [numeric],
};

/** Taint rules for Go. */
export const goTaintRules: readonly TaintRule[] = (Object.keys(sinks) as TaintCategory[])
  .filter((category) => sinks[category].length > 0)
  .map((category) => {
    const spec: Parameters<typeof taintRule>[2] = { sources, sinks: sinks[category] };
    const s = sanitizers[category];
    if (s !== undefined) spec.sanitizers = s;
    return taintRule('go', category, spec);
  });
