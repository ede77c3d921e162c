import type { CallMatcher, SinkSpec, SourceSpec, TaintRule } from './spec.ts';
import type { TaintCategory } from './catalog-meta.ts';
import { taintRule } from './catalog-meta.ts';

/** PHP superglobals, Laravel and Symfony request data. */
const sources: readonly SourceSpec[] = [
  {
    label: 'HTTP request data',
    expr: '^\\$_(GET|POST|REQUEST|COOKIE|FILES)$|^\\$HTTP_(GET|POST|COOKIE)_VARS$',
  },
  {
    label: 'HTTP request data',
    expr: '^\\$_SERVER\\["(HTTP_\\w+|QUERY_STRING|REQUEST_URI|PHP_SELF|PATH_INFO|argv)"\\]$',
  },
  {
    label: 'HTTP request data',
    call: {
      names: [
        'input',
        'get',
        'query',
        'post',
        'all',
        'only',
        'cookie',
        'header',
        'json',
        'getContent',
        'route',
        'file',
      ],
      receiver:
        '^\\$(request|req)$|Request$|->(query|request|cookies|headers|attributes)$|\\.(query|request|cookies|headers|attributes)$',
    },
  },
  {
    label: 'HTTP request data',
    call: { names: ['request', 'filter_input', 'getallheaders', 'apache_request_headers'], isFunction: true },
  },
];

const numeric: CallMatcher = { names: ['intval', 'floatval', 'boolval', 'abs', 'count'] };

const sinks: Record<TaintCategory, readonly SinkSpec[]> = {
  sqli: [
    {
      names: [
        'mysql_query',
        'mysql_unbuffered_query',
        'sqlite_query',
        'pg_query',
        'pg_send_query',
        'mssql_query',
        'odbc_exec',
        'db2_exec',
      ],
      isFunction: true,
    },
    {
      names: ['mysqli_query', 'mysqli_real_query', 'mysqli_multi_query', 'mysqli_prepare', 'pg_prepare'],
      isFunction: true,
      args: [1],
    },
    {
      names: ['query', 'exec', 'prepare', 'multi_query', 'real_query', 'unbuffered_query', 'queryExec'],
      receiver: '(pdo|db|mysqli|conn|connection|dbh|database|sqlite|wpdb)',
      args: [0],
    },
    { names: ['get_results', 'get_row', 'get_var', 'get_col', 'query'], receiver: 'wpdb', args: [0] },
    {
      names: [
        'raw',
        'select',
        'statement',
        'unprepared',
        'whereRaw',
        'orWhereRaw',
        'selectRaw',
        'orderByRaw',
        'havingRaw',
        'groupByRaw',
      ],
      args: [0],
    },
  ],
  'command-injection': [
    {
      names: ['system', 'exec', 'shell_exec', 'passthru', 'popen', 'proc_open', 'pcntl_exec', 'expect_popen'],
      isFunction: true,
      args: [0],
    },
  ],
  'code-injection': [
    { names: ['eval', 'assert', 'create_function'], isFunction: true },
    { names: ['preg_replace'], isFunction: true, args: [0] },
    { names: ['include', 'include_once', 'require', 'require_once'], isFunction: true },
  ],
  'ldap-injection': [{ names: ['ldap_search', 'ldap_list', 'ldap_read'], isFunction: true, args: [1, 2] }],
  'xpath-injection': [
    { names: ['query', 'evaluate'], receiver: 'xpath', args: [0] },
    { names: ['xpath'], args: [0] },
  ],
  xss: [{ names: ['echo', '<?=', 'print', 'printf', 'vprintf', 'print_r', 'die', 'exit'], isFunction: true }],
  'path-traversal': [
    {
      names: [
        'fopen',
        'file_get_contents',
        'file_put_contents',
        'readfile',
        'file',
        'unlink',
        'opendir',
        'scandir',
        'copy',
        'rename',
        'mkdir',
        'rmdir',
        'touch',
        'fpassthru',
        'parse_ini_file',
        'show_source',
        'highlight_file',
        'tempnam',
      ],
      isFunction: true,
      args: [0, 1],
    },
    { names: ['move_uploaded_file'], isFunction: true, args: [1] },
    { names: ['download', 'file'], receiver: 'response', args: [0] },
  ],
  ssrf: [
    { names: ['curl_init'], isFunction: true, args: [0] },
    { names: ['curl_setopt'], isFunction: true, args: [2] },
    { names: ['fsockopen', 'get_headers', 'simplexml_load_file'], isFunction: true, args: [0] },
    { names: ['get', 'post', 'request'], receiver: '(http|client|guzzle)', args: [0, 1] },
  ],
  'open-redirect': [
    { names: ['header'], isFunction: true, args: [0] },
    { names: ['redirect'], isFunction: true, args: [0] },
    { names: ['to', 'away', 'redirect'], receiver: 'redirect', args: [0] },
  ],
  deserialization: [{ names: ['unserialize', 'yaml_parse'], isFunction: true, args: [0] }],
};

const sanitizers: Partial<Record<TaintCategory, readonly CallMatcher[]>> = {
  sqli: [
    numeric,
    {
      names: [
        'mysqli_real_escape_string',
        'mysql_real_escape_string',
        'pg_escape_string',
        'pg_escape_literal',
        'sqlite_escape_string',
        'addslashes',
        'quote',
        'real_escape_string',
        'esc_sql',
      ],
    },
  ],
  'command-injection': [numeric, { names: ['escapeshellarg', 'escapeshellcmd'] }],
  'code-injection': [numeric, { names: ['basename'] }],
  xss: [
    numeric,
    {
      names: [
        'htmlspecialchars',
        'htmlentities',
        'strip_tags',
        'urlencode',
        'rawurlencode',
        'json_encode',
        'esc_html',
        'esc_attr',
        'esc_url',
        'e',
        'escape',
        'purify',
        'clean',
      ],
    },
  ],
  'path-traversal': [numeric, { names: ['basename'] }],
  'ldap-injection': [{ names: ['ldap_escape'] }],
  ssrf: [numeric],
  'open-redirect': [numeric, { names: ['urlencode', 'rawurlencode'] }],
};

/** Taint rules for PHP. */
export const phpTaintRules: readonly TaintRule[] = (Object.keys(sinks) as TaintCategory[]).map((category) => {
  const spec: Parameters<typeof taintRule>[2] = { sources, sinks: sinks[category] };
  const s = sanitizers[category];
  if (s !== undefined) spec.sanitizers = s;
  return taintRule('php', category, spec);
});
