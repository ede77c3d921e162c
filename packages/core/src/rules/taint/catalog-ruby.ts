import type { CallMatcher, SinkSpec, SourceSpec, TaintRule } from './spec.ts';
import type { TaintCategory } from './catalog-meta.ts';
import { taintRule } from './catalog-meta.ts';

/** Rails, Sinatra and Rack request data. */
const sources: readonly SourceSpec[] = [
  { label: 'HTTP request data', call: { names: ['params', 'cookies'], isFunction: true } },
  {
    label: 'HTTP request data',
    call: {
      names: [
        'params',
        'query_parameters',
        'request_parameters',
        'path_parameters',
        'headers',
        'body',
        'raw_post',
        'query_string',
        'cookies',
        'env',
        'path',
        'url',
        'fullpath',
        'referer',
        'user_agent',
        'GET',
        'POST',
      ],
      receiver: '^(request|req|@request)$',
    },
  },
];

const numeric: CallMatcher = { names: ['to_i', 'to_f', 'Integer', 'Float'] };

const sinks: Record<TaintCategory, readonly SinkSpec[]> = {
  sqli: [
    {
      names: [
        'where',
        'not',
        'find_by_sql',
        'order',
        'reorder',
        'group',
        'having',
        'joins',
        'from',
        'select',
        'pluck',
        'lock',
        'count_by_sql',
        'exists?',
        'calculate',
        'update_all',
        'delete_all',
        'destroy_all',
        'find_by',
      ],
      args: [0],
    },
    {
      names: [
        'execute',
        'exec_query',
        'select_all',
        'select_one',
        'select_value',
        'select_values',
        'select_rows',
        'exec',
        'query',
      ],
      receiver: '(connection|conn|db|client|pg|mysql|sqlite)',
      args: [0],
    },
    { names: ['[]', 'fetch', 'run'], receiver: '^(DB|db)$', args: [0] },
  ],
  'command-injection': [
    { names: ['system', 'exec', 'spawn', '`', 'open'], isFunction: true, args: [0] },
    {
      names: [
        'popen',
        'popen2',
        'popen3',
        'capture2',
        'capture2e',
        'capture3',
        'pipeline',
        'system',
        'exec',
        'spawn',
      ],
      receiver: '^(IO|Open3|Kernel|Process|PTY)$',
      args: [0],
    },
  ],
  'code-injection': [
    { names: ['eval', 'instance_eval', 'class_eval', 'module_eval', 'instance_exec'], args: [0] },
    { names: ['constantize', 'safe_constantize'], isReceiverSink: true, args: [] },
    { names: ['send', 'public_send', '__send__'], args: [0] },
    { names: ['new'], receiver: '^ERB$', args: [0] },
    { names: ['render'], kwargs: ['inline'], args: [] },
  ],
  'ldap-injection': [
    { names: ['search'], receiver: 'ldap', kwargs: ['filter', 'base'], args: [] },
    { names: ['eq', 'construct', 'begins', 'contains'], receiver: 'Filter$', args: [0, 1] },
  ],
  'xpath-injection': [
    {
      names: ['xpath', 'at_xpath', 'search', 'at'],
      receiver: '(doc|document|xml|node|html|page)',
      args: [0],
    },
  ],
  xss: [
    { names: ['html_safe'], isReceiverSink: true, args: [] },
    { names: ['raw', 'safe_join'], isFunction: true, args: [0] },
    { names: ['render'], kwargs: ['html', 'body', 'text'], args: [] },
  ],
  'path-traversal': [
    {
      names: [
        'read',
        'write',
        'open',
        'new',
        'readlines',
        'foreach',
        'binread',
        'binwrite',
        'delete',
        'unlink',
        'rename',
        'readlink',
        'truncate',
      ],
      receiver: '^(File|IO|Dir|Pathname|FileUtils)$',
      args: [0, 1],
    },
    {
      names: ['rm', 'rm_rf', 'rm_r', 'cp', 'mv', 'mkdir_p', 'touch', 'copy_file'],
      receiver: '^FileUtils$',
      args: [0, 1],
    },
    { names: ['send_file', 'send_data'], isFunction: true, args: [0] },
    { names: ['render'], kwargs: ['file', 'template', 'partial'], args: [] },
  ],
  ssrf: [
    {
      names: ['get', 'get_response', 'post_form', 'start', 'new'],
      receiver: '^(Net\\.HTTP|Net::HTTP)$',
      args: [0],
    },
    {
      names: ['get', 'post', 'put', 'delete', 'head', 'patch'],
      receiver: '^(HTTParty|Faraday|RestClient|HTTP|Excon|Typhoeus)$',
      args: [0],
    },
    { names: ['open'], receiver: '^URI$', args: [0] },
  ],
  'open-redirect': [{ names: ['redirect_to', 'redirect'], isFunction: true, args: [0] }],
  deserialization: [
    { names: ['load', 'restore'], receiver: '^Marshal$', args: [0] },
    { names: ['load', 'unsafe_load', 'load_documents'], receiver: '^(YAML|Psych)$', args: [0] },
    { names: ['load'], receiver: '^Oj$', args: [0] },
  ],
};

const sanitizers: Partial<Record<TaintCategory, readonly CallMatcher[]>> = {
  sqli: [
    numeric,
    { names: ['quote', 'sanitize_sql', 'sanitize_sql_array', 'sanitize_sql_like', 'escape', 'literal'] },
  ],
  'command-injection': [numeric, { names: ['escape', 'shellescape', 'shellsplit'] }],
  xss: [
    numeric,
    {
      names: [
        'h',
        'html_escape',
        'escape_html',
        'escapeHTML',
        'sanitize',
        'strip_tags',
        'escape_javascript',
        'json_escape',
        'to_json',
      ],
    },
  ],
  'path-traversal': [numeric, { names: ['basename'] }],
  'ldap-injection': [{ names: ['escape'] }],
  'code-injection': [numeric],
  ssrf: [numeric],
  'open-redirect': [numeric],
};

/** Taint rules for Ruby. */
export const rubyTaintRules: readonly TaintRule[] = (Object.keys(sinks) as TaintCategory[]).map(
  (category) => {
    const spec: Parameters<typeof taintRule>[2] = { sources, sinks: sinks[category] };
    const s = sanitizers[category];
    if (s !== undefined) spec.sanitizers = s;
    return taintRule('ruby', category, spec);
  },
);
