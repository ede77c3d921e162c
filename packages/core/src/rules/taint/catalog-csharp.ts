import type { CallMatcher, SinkSpec, SourceSpec, TaintRule } from './spec.ts';
import type { TaintCategory } from './catalog-meta.ts';
import { taintRule } from './catalog-meta.ts';

/** ASP.NET (Core and classic) request data and model-bound action parameters. */
const sources: readonly SourceSpec[] = [
  {
    label: 'HTTP request data',
    member: {
      names: [
        'Query',
        'QueryString',
        'Form',
        'Cookies',
        'Headers',
        'Params',
        'Path',
        'PathBase',
        'Body',
        'RawUrl',
        'Url',
        'Files',
        'RouteValues',
        'UserAgent',
        'UrlReferrer',
      ],
      receiver: '(^|\\.)Request$|HttpRequest$',
    },
  },
  { label: 'HTTP request data', expr: '^((\\w+\\.)*)Request\\[' },
  {
    label: 'HTTP request data',
    call: { names: ['GetQueryString', 'ReadFormAsync', 'ReadToEnd', 'ReadToEndAsync'], receiver: 'Request' },
  },
  {
    label: 'HTTP request data',
    param: { annotation: '^(FromQuery|FromBody|FromForm|FromRoute|FromHeader)(Attribute)?$' },
  },
  {
    // Action parameters of MVC / Web API controllers are bound from the request by convention.
    label: 'HTTP request data',
    param: {
      owner: 'Controller$',
      type: '^(string|String|object|dynamic|string\\[\\]|IFormFile|IFormCollection|\\w*(Model|Dto|DTO|Request|Input|Form|Command|Query))\\??$',
    },
  },
];

const numeric: CallMatcher = { names: ['Parse', 'TryParse', 'ToInt32', 'ToInt64', 'ToDouble', 'ToDecimal'] };

const sinks: Record<TaintCategory, readonly SinkSpec[]> = {
  sqli: [
    {
      names: [
        'SqlCommand',
        'OleDbCommand',
        'OdbcCommand',
        'MySqlCommand',
        'NpgsqlCommand',
        'SqliteCommand',
        'SQLiteCommand',
        'OracleCommand',
        'SqlDataAdapter',
      ],
      isNew: true,
      args: [0],
    },
    { names: ['CommandText'], isAssignment: true, args: [0] },
    {
      names: [
        'ExecuteSqlRaw',
        'ExecuteSqlRawAsync',
        'FromSqlRaw',
        'SqlQueryRaw',
        'ExecuteSqlCommand',
        'ExecuteSqlCommandAsync',
        'SqlQuery',
        'FromSql',
      ],
      args: [0],
    },
    {
      names: [
        'Query',
        'QueryAsync',
        'QueryFirst',
        'QueryFirstOrDefault',
        'QuerySingle',
        'QuerySingleOrDefault',
        'QueryFirstAsync',
        'QueryFirstOrDefaultAsync',
        'QuerySingleAsync',
        'Execute',
        'ExecuteAsync',
        'ExecuteScalar',
        'ExecuteScalarAsync',
        'ExecuteReader',
        'ExecuteReaderAsync',
        'QueryMultiple',
      ],
      receiver: '(conn|connection|db|cnn|sql|context)',
      args: [0],
    },
  ],
  'command-injection': [
    { names: ['Start'], receiver: '(^|\\.)Process$', args: [0, 1] },
    { names: ['ProcessStartInfo'], isNew: true, args: [0, 1] },
    { names: ['FileName', 'Arguments'], isAssignment: true, args: [0] },
  ],
  'code-injection': [
    { names: ['CompileAssemblyFromSource'], args: [1] },
    { names: ['Evaluate', 'EvaluateAsync', 'RunAsync', 'Create'], receiver: 'CSharpScript', args: [0] },
  ],
  'ldap-injection': [
    { names: ['DirectorySearcher'], isNew: true, args: [0, 1] },
    { names: ['Filter'], isAssignment: true, receiver: '(searcher|search|ds)', args: [0] },
    { names: ['DirectoryEntry'], isNew: true, args: [0] },
  ],
  'xpath-injection': [
    {
      names: [
        'SelectNodes',
        'SelectSingleNode',
        'Select',
        'Evaluate',
        'Compile',
        'XPathSelectElement',
        'XPathSelectElements',
        'XPathEvaluate',
      ],
      args: [0],
    },
  ],
  xss: [
    { names: ['Write', 'WriteAsync'], receiver: '(^|\\.)Response$|HttpResponse$', args: [0] },
    { names: ['Raw'], receiver: '^Html$', args: [0] },
    { names: ['HtmlString', 'MarkupString'], isNew: true, args: [0] },
    { names: ['Content'], isFunction: true, args: [0] },
  ],
  'path-traversal': [
    {
      names: [
        'ReadAllText',
        'ReadAllBytes',
        'ReadAllLines',
        'ReadAllTextAsync',
        'ReadAllBytesAsync',
        'ReadLines',
        'WriteAllText',
        'WriteAllBytes',
        'WriteAllLines',
        'WriteAllTextAsync',
        'AppendAllText',
        'Open',
        'OpenRead',
        'OpenWrite',
        'OpenText',
        'Create',
        'Delete',
        'Copy',
        'Move',
        'Exists',
        'CreateDirectory',
        'GetFiles',
        'EnumerateFiles',
      ],
      receiver: '^(System\\.IO\\.)?(File|Directory)$',
      args: [0, 1],
    },
    {
      names: ['FileStream', 'StreamReader', 'StreamWriter', 'FileInfo', 'DirectoryInfo'],
      isNew: true,
      args: [0],
    },
    { names: ['PhysicalFile', 'File'], isFunction: true, args: [0] },
  ],
  ssrf: [
    {
      names: [
        'GetAsync',
        'GetStringAsync',
        'GetByteArrayAsync',
        'GetStreamAsync',
        'PostAsync',
        'PutAsync',
        'DeleteAsync',
        'PatchAsync',
      ],
      receiver: '(client|http)',
      args: [0],
    },
    { names: ['Create', 'CreateHttp'], receiver: '(^|\\.)(WebRequest|HttpWebRequest)$', args: [0] },
    {
      names: ['DownloadString', 'DownloadData', 'DownloadFile', 'OpenRead', 'DownloadStringTaskAsync'],
      receiver: '(webclient|client|wc)',
      args: [0],
    },
    { names: ['HttpRequestMessage'], isNew: true, args: [1] },
  ],
  'open-redirect': [
    { names: ['Redirect', 'RedirectPermanent', 'RedirectPreserveMethod'], args: [0] },
    { names: ['Location'], isAssignment: true, args: [0] },
  ],
  deserialization: [
    {
      names: ['Deserialize', 'UnsafeDeserialize'],
      receiver:
        '(BinaryFormatter|SoapFormatter|NetDataContractSerializer|LosFormatter|ObjectStateFormatter|formatter)',
      args: [0],
    },
    {
      names: ['DeserializeObject'],
      receiver: 'JsonConvert',
      argMatches: { index: 1, pattern: 'TypeNameHandling' },
      args: [0],
    },
  ],
};

const sanitizers: Partial<Record<TaintCategory, readonly CallMatcher[]>> = {
  sqli: [numeric],
  'command-injection': [numeric],
  xss: [
    numeric,
    {
      names: [
        'HtmlEncode',
        'Encode',
        'HtmlAttributeEncode',
        'JavaScriptStringEncode',
        'UrlEncode',
        'EscapeDataString',
        'Sanitize',
      ],
    },
  ],
  'path-traversal': [numeric, { names: ['GetFileName'] }],
  'ldap-injection': [{ names: ['EscapeLdapFilter', 'LdapFilterEncode', 'LdapDistinguishedNameEncode'] }],
  ssrf: [numeric],
  'open-redirect': [numeric],
};

/** Taint rules for C#. */
export const csharpTaintRules: readonly TaintRule[] = (Object.keys(sinks) as TaintCategory[]).map(
  (category) => {
    const spec: Parameters<typeof taintRule>[2] = { sources, sinks: sinks[category] };
    const s = sanitizers[category];
    if (s !== undefined) spec.sanitizers = s;
    return taintRule('csharp', category, spec);
  },
);
