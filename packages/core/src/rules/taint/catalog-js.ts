import type { Language } from '@xcr/contracts';
import type { CallMatcher, SinkSpec, SourceSpec, TaintRule } from './spec.ts';
import type { TaintCategory } from './catalog-meta.ts';
import { taintRule } from './catalog-meta.ts';

/** Express / Koa / Fastify / Node http request data, and the browser's URL and storage for DOM XSS. */
const sources: readonly SourceSpec[] = [
  {
    label: 'HTTP request data',
    expr: '^(req|request|ctx\\.request|ctx)\\.(query|body|params|cookies|signedCookies|headers|files|file|originalUrl|url|path|querystring|search|hostname)$',
  },
  {
    label: 'HTTP request data',
    call: { names: ['get', 'header', 'param', 'cookie'], receiver: '^(req|request|ctx)$' },
  },
  { label: 'HTTP request data', call: { names: ['json', 'text', 'formData'], receiver: '^(req|request)$' } },
  {
    label: 'URL or storage of the page',
    expr: '^(window\\.|document\\.)?location\\.(hash|search|href|pathname)$|^document\\.(URL|documentURI|referrer|cookie)$|^window\\.name$',
  },
];

const htmlEscapers: CallMatcher = {
  names: [
    'escape',
    'escapeHtml',
    'escapeHTML',
    'htmlEscape',
    'encode',
    'encodeHTML',
    'sanitize',
    'sanitizeHtml',
    'xss',
    'filterXSS',
    'encodeURIComponent',
    'encodeURI',
    'stringify',
  ],
};
const numeric: CallMatcher = { names: ['parseInt', 'parseFloat', 'Number'] };

const sinks: Record<TaintCategory, readonly SinkSpec[]> = {
  sqli: [
    {
      names: ['query', 'execute'],
      receiver:
        '(db|conn|connection|pool|client|mysql|pg|sequelize|knex|database|sqlite|tx|trx|transaction)$',
      args: [0],
    },
    {
      names: ['run', 'all', 'get', 'exec', 'prepare', 'each'],
      receiver: '(db|conn|connection|database|sqlite)$',
      args: [0],
    },
    {
      names: [
        'raw',
        'whereRaw',
        'orWhereRaw',
        'havingRaw',
        'joinRaw',
        'orderByRaw',
        'groupByRaw',
        'fromRaw',
        'selectRaw',
      ],
      args: [0],
    },
    {
      names: ['$queryRawUnsafe', '$executeRawUnsafe', 'query'],
      receiver: '(prisma|sequelize|manager|datasource|entitymanager|repository)$',
      args: [0],
    },
  ],
  'command-injection': [
    { names: ['exec', 'execSync'], isFunction: true, args: [0] },
    {
      names: ['exec', 'execSync', 'spawn', 'spawnSync', 'execFile', 'execFileSync'],
      receiver: '(child_process|childprocess|^cp|^proc|^shell)$',
      args: [0, 1],
    },
    { names: ['spawn', 'spawnSync'], isFunction: true, args: [0] },
  ],
  'code-injection': [
    { names: ['eval', 'Function', 'setTimeout', 'setInterval', 'setImmediate'], isFunction: true, args: [0] },
    { names: ['Function'], isNew: true },
    {
      names: ['runInContext', 'runInNewContext', 'runInThisContext', 'compileFunction'],
      receiver: '^vm$',
      args: [0],
    },
    { names: ['Script'], isNew: true, args: [0] },
  ],
  'ldap-injection': [{ names: ['search'], receiver: 'ldap', args: [0, 1] }],
  'xpath-injection': [
    {
      names: ['select', 'select1', 'evaluate', 'selectWithResolver', 'useNamespaces'],
      receiver: '(xpath|^document$)',
      args: [0],
    },
  ],
  xss: [
    { names: ['send', 'write', 'end'], receiver: '^(res|response|reply|ctx\\.res)$', args: [0] },
    { names: ['write', 'writeln'], receiver: '^document$' },
    { names: ['insertAdjacentHTML'], args: [1] },
    {
      names: ['html', 'append', 'prepend', 'after', 'before', 'replaceWith'],
      receiver: '^\\$|^jquery',
      args: [0],
    },
    { names: ['innerHTML', 'outerHTML'], isAssignment: true, args: [0] },
    { names: ['body'], isAssignment: true, receiver: '^ctx$', args: [0] },
  ],
  'path-traversal': [
    {
      names: [
        'readFile',
        'readFileSync',
        'writeFile',
        'writeFileSync',
        'appendFile',
        'appendFileSync',
        'createReadStream',
        'createWriteStream',
        'unlink',
        'unlinkSync',
        'rm',
        'rmSync',
        'readdir',
        'readdirSync',
        'open',
        'openSync',
        'access',
        'stat',
        'statSync',
        'copyFile',
        'rename',
        'mkdir',
        'rmdir',
        'readJson',
        'outputFile',
        'remove',
      ],
      receiver: '(^fs|fsp|fse|promises|fs-extra)$',
      args: [0, 1],
    },
    { names: ['sendFile', 'download', 'attachment'], receiver: '^(res|response|reply)$', args: [0] },
  ],
  ssrf: [
    { names: ['fetch', 'axios', 'got', 'request', 'needle', 'superagent'], isFunction: true, args: [0] },
    {
      names: ['get', 'post', 'put', 'delete', 'patch', 'head', 'request'],
      receiver: '^(axios|http|https|got|needle|superagent|request|ky)$',
      args: [0],
    },
  ],
  'open-redirect': [
    { names: ['redirect'], receiver: '^(res|response|reply|ctx)$' },
    {
      names: ['href', 'location'],
      isAssignment: true,
      receiver: '(^|\\.)(window|document|location)$',
      args: [0],
    },
    { names: ['assign', 'replace'], receiver: '(^|\\.)location$', args: [0] },
  ],
  deserialization: [
    { names: ['unserialize'], receiver: '(serialize|serializer)', args: [0] },
    { names: ['load'], receiver: '^(yaml|jsyaml|js-yaml)$', args: [0] },
  ],
};

const sanitizers: Partial<Record<TaintCategory, readonly CallMatcher[]>> = {
  // Tagged templates such as sql`...` (postgres.js, slonik, Prisma.sql) bind their values as parameters.
  sqli: [
    { names: ['escape', 'escapeId', 'format'], receiver: '(mysql|connection|conn|pool|db|sqlstring)$' },
    { names: ['sql', 'SQL'] },
    numeric,
  ],
  'command-injection': [
    { names: ['quote', 'escape'], receiver: '(shell|shellquote|shell-quote|shellescape)' },
    numeric,
  ],
  xss: [htmlEscapers, { names: ['html'], isFunction: true }, numeric],
  'path-traversal': [{ names: ['basename'] }, numeric],
  'ldap-injection': [{ names: ['escapeFilter', 'escape'] }],
  'open-redirect': [numeric],
  ssrf: [numeric],
};

function rulesFor(language: Language): TaintRule[] {
  return (Object.keys(sinks) as TaintCategory[]).map((category) => {
    const spec: Parameters<typeof taintRule>[2] = { sources, sinks: sinks[category] };
    const s = sanitizers[category];
    if (s !== undefined) spec.sanitizers = s;
    return taintRule(language, category, spec);
  });
}

/** Taint rules for JavaScript and TypeScript. */
export const jsTaintRules: readonly TaintRule[] = [...rulesFor('javascript'), ...rulesFor('typescript')];
