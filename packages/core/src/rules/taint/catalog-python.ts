import type { CallMatcher, SinkSpec, SourceSpec, TaintRule } from './spec.ts';
import type { TaintCategory } from './catalog-meta.ts';
import { taintRule } from './catalog-meta.ts';

/** Flask, Django, FastAPI, aiohttp and Starlette request data. */
const sources: readonly SourceSpec[] = [
  {
    label: 'HTTP request data',
    expr: '^(self\\.)?request\\.(args|form|values|json|data|cookies|headers|files|GET|POST|COOKIES|META|body|FILES|query_params|path_params|query|match_info|query_string|path|full_path|url|stream|environ|view_args)$',
  },
  {
    label: 'HTTP request data',
    call: {
      names: ['get_json', 'get_data', 'json', 'form', 'body', 'text', 'post', 'read'],
      receiver: '^request$',
    },
  },
  {
    label: 'HTTP request data',
    param: { annotation: '(^|\\.)(route|get|post|put|delete|patch|api_route|websocket)$' },
  },
  {
    label: 'HTTP request data',
    param: { annotation: '^(fastapi\\.)?(Query|Path|Body|Form|Header|Cookie|File)$' },
  },
];

const numeric: CallMatcher = { names: ['int', 'float', 'bool', 'len'] };

const sinks: Record<TaintCategory, readonly SinkSpec[]> = {
  sqli: [
    { names: ['execute', 'executemany', 'executescript', 'mogrify'], args: [0] },
    { names: ['raw', 'extra'], receiver: '(objects|manager|queryset|_default_manager)$', args: [0] },
    { names: ['RawSQL'], args: [0] },
    {
      names: ['from_statement', 'filter', 'where', 'order_by', 'group_by', 'having'],
      receiver: '(query|session|select)',
      args: [0],
    },
  ],
  'command-injection': [
    {
      names: [
        'system',
        'popen',
        'popen2',
        'popen3',
        'popen4',
        'execl',
        'execle',
        'execlp',
        'execv',
        'execve',
        'execvp',
        'spawnl',
        'spawnv',
      ],
      receiver: '^os$',
    },
    {
      names: ['call', 'run', 'Popen', 'check_output', 'check_call'],
      receiver: '^subprocess$',
      kwarg: { name: 'shell', value: true },
      args: [0],
    },
    { names: ['getoutput', 'getstatusoutput'], receiver: '^subprocess$', args: [0] },
    { names: ['getoutput', 'getstatusoutput'], receiver: '^commands$', args: [0] },
    { names: ['spawn'], receiver: '^(pty|pexpect)$', args: [0] },
  ],
  'code-injection': [
    { names: ['eval', 'exec', 'compile', '__import__'], isFunction: true, args: [0] },
    { names: ['render_template_string'], args: [0] },
    { names: ['Template'], receiver: '^(jinja2|mako\\.template)$', args: [0] },
    { names: ['Template'], isFunction: true, args: [0] },
    { names: ['from_string'], receiver: 'env|environment', args: [0] },
  ],
  'ldap-injection': [
    {
      names: ['search', 'search_s', 'search_st', 'search_ext', 'search_ext_s', 'search_subtree_s'],
      receiver: '(ldap|conn|connection|^l$)',
      args: [0, 1, 2],
    },
  ],
  'xpath-injection': [
    { names: ['xpath'], args: [0] },
    { names: ['XPath', 'ETXPath'], args: [0] },
    {
      names: ['find', 'findall', 'findtext', 'iterfind'],
      receiver: '(tree|root|doc|etree|element|xml)',
      args: [0],
    },
  ],
  xss: [
    {
      names: [
        'HttpResponse',
        'Response',
        'make_response',
        'HTMLResponse',
        'Markup',
        'mark_safe',
        'format_html',
        'SafeString',
      ],
      args: [0],
    },
    { names: ['write'], receiver: '^(self|self\\.response\\.out|response)$', args: [0] },
  ],
  'path-traversal': [
    { names: ['open', 'file'], isFunction: true, args: [0] },
    { names: ['send_file', 'FileResponse'], args: [0] },
    { names: ['send_from_directory'], args: [0] },
    {
      names: [
        'remove',
        'unlink',
        'rmdir',
        'removedirs',
        'makedirs',
        'mkdir',
        'listdir',
        'rename',
        'replace',
        'chmod',
        'open',
        'stat',
      ],
      receiver: '^os$',
    },
    { names: ['rmtree', 'copy', 'copyfile', 'copy2', 'copytree', 'move'], receiver: '^shutil$' },
    { names: ['Path', 'PurePath'], args: [0] },
    { names: ['open'], receiver: '^(io|codecs|aiofiles)$', args: [0] },
  ],
  ssrf: [
    {
      names: ['get', 'post', 'put', 'delete', 'head', 'patch', 'request', 'options'],
      receiver: '^(requests|httpx|session|client|aiohttp|http)$',
      args: [0, 1],
    },
    { names: ['urlopen', 'urlretrieve'], args: [0] },
    { names: ['Request'], receiver: 'urllib', args: [0] },
  ],
  'open-redirect': [
    {
      names: ['redirect', 'HttpResponseRedirect', 'HttpResponsePermanentRedirect', 'RedirectResponse'],
      args: [0],
    },
  ],
  deserialization: [
    {
      names: ['loads', 'load'],
      receiver: '^(pickle|cPickle|dill|shelve|marshal|jsonpickle|_pickle)$',
      args: [0],
    },
    { names: ['load', 'load_all', 'unsafe_load', 'full_load'], receiver: '^yaml$', args: [0] },
    { names: ['Unpickler'], args: [0] },
  ],
};

const sanitizers: Partial<Record<TaintCategory, readonly CallMatcher[]>> = {
  sqli: [numeric, { names: ['escape_string', 'literal', 'quote'] }],
  'command-injection': [numeric, { names: ['quote'], receiver: '^(shlex|pipes)$' }],
  'code-injection': [numeric, { names: ['literal_eval'] }],
  xss: [
    numeric,
    {
      names: [
        'escape',
        'escape_html',
        'clean',
        'quote',
        'urlencode',
        'quote_plus',
        'conditional_escape',
        'strip_tags',
        'dumps',
      ],
    },
  ],
  'path-traversal': [numeric, { names: ['basename', 'secure_filename', 'get_valid_filename'] }],
  'ldap-injection': [{ names: ['escape_filter_chars', 'escape_dn_chars', 'escape_rdn'] }],
  ssrf: [numeric],
  'open-redirect': [numeric, { names: ['url_for', 'reverse'] }],
};

/** Taint rules for Python. */
export const pythonTaintRules: readonly TaintRule[] = (Object.keys(sinks) as TaintCategory[]).map(
  (category) => {
    const spec: Parameters<typeof taintRule>[2] = { sources, sinks: sinks[category] };
    const s = sanitizers[category];
    if (s !== undefined) spec.sanitizers = s;
    return taintRule('python', category, spec);
  },
);
