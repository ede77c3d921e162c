import type { CallMatcher, SinkSpec, SourceSpec } from '../taint/index.ts';

/**
 * Sources, sanitisers and sinks of the Java rules (Servlet API, Spring, JAX-RS, JDBC, JNDI, JAXP...).
 * Receivers are matched on their declared type, the call that produced them and their text.
 */

/** Objects that carry an HTTP request: servlet requests, wrappers and the usual variable names. */
const requestReceiver = 'Request(Wrapper)?$|^req(uest)?$';

/** Untrusted data of the HTTP request. */
export const javaSources: readonly SourceSpec[] = [
  {
    label: 'HTTP request data',
    call: {
      names: [
        'getParameter',
        'getParameterValues',
        'getParameterMap',
        'getParameterNames',
        'getHeader',
        'getHeaders',
        'getHeaderNames',
        'getQueryString',
        'getCookies',
        'getInputStream',
        'getReader',
        'getPathInfo',
        'getPathTranslated',
        'getPart',
        'getParts',
        'getRequestBody',
      ],
      receiver: requestReceiver,
    },
  },
  {
    // Request wrappers and helper objects with accessor names of the Servlet API (`getTheParameter`).
    label: 'HTTP request data',
    call: { namePattern: '^get\\w*(Parameter|Header|Cookie|QueryString)s?\\w*$', receiver: requestReceiver },
  },
  {
    label: 'HTTP request data',
    param: {
      annotation:
        '^(RequestParam|PathVariable|RequestHeader|CookieValue|RequestBody|ModelAttribute|MatrixVariable|RequestPart|QueryParam|PathParam|FormParam|HeaderParam|CookieParam|MatrixParam|BeanParam)$',
    },
  },
];

/** Output encoders for HTML / JavaScript contexts. */
export const htmlSanitizers: readonly CallMatcher[] = [
  {
    names: [
      'encodeForHTML',
      'encodeForHTMLAttribute',
      'encodeForJavaScript',
      'encodeForCSS',
      'encodeForXML',
      'encodeForXMLAttribute',
      'escapeHtml',
      'escapeHtml3',
      'escapeHtml4',
      'escapeXml',
      'escapeXml10',
      'escapeXml11',
      'escapeEcmaScript',
      'escapeJavaScript',
      'htmlEscape',
      'forHtml',
      'forHtmlContent',
      'forHtmlAttribute',
      'forHtmlUnquotedAttribute',
      'forJavaScript',
      'forXml',
      'forXmlContent',
      'sanitize',
      'escapeHTML',
      'encodeHtml',
      'htmlEncode',
    ],
  },
];

/** Encoders that make data inert in every text context (URL encoding). */
const urlEncoders: readonly CallMatcher[] = [
  { names: ['encode'], receiver: 'URLEncoder$' },
  { names: ['encodeForURL'] },
];

export const sqlSanitizers: readonly CallMatcher[] = [
  { names: ['encodeForSQL', 'escapeSql'] },
  ...urlEncoders,
];
export const osSanitizers: readonly CallMatcher[] = [{ names: ['encodeForOS'] }, ...urlEncoders];
export const ldapSanitizers: readonly CallMatcher[] = [
  {
    names: [
      'encodeForLDAP',
      'encodeForDN',
      'escapeLDAPSearchFilter',
      'escapeDN',
      'filterEncode',
      'nameEncode',
    ],
  },
  ...urlEncoders,
];
export const xpathSanitizers: readonly CallMatcher[] = [{ names: ['encodeForXPath'] }, ...urlEncoders];
export const pathSanitizers: readonly CallMatcher[] = [
  { names: ['getName', 'getFileName', 'getBaseName'] },
  ...urlEncoders,
];
export const xssSanitizers: readonly CallMatcher[] = [...htmlSanitizers, ...urlEncoders];

export const sqlSinks: readonly SinkSpec[] = [
  {
    names: [
      'executeQuery',
      'executeUpdate',
      'executeLargeUpdate',
      'addBatch',
      'prepareStatement',
      'prepareCall',
      'nativeSQL',
    ],
    args: [0],
    minArgs: 1,
  },
  { names: ['execute'], receiver: '(statement|stmt|connection|conn)', args: [0] },
  {
    names: [
      'query',
      'queryForObject',
      'queryForList',
      'queryForMap',
      'queryForRowSet',
      'queryForStream',
      'queryForLong',
      'queryForInt',
      'update',
      'batchUpdate',
      'execute',
    ],
    receiver: '(jdbc|template|jdbcoperations)',
    args: [0],
  },
  { names: ['createQuery', 'createSQLQuery', 'createNativeQuery', 'createFilter'], args: [0], minArgs: 1 },
];

export const commandSinks: readonly SinkSpec[] = [
  { names: ['exec'], receiver: 'Runtime|getRuntime\\(\\)' },
  { names: ['ProcessBuilder'], isNew: true },
  { names: ['command'], receiver: 'ProcessBuilder' },
];

/** Media types of an HTML answer, as a string or as a Spring / JAX-RS constant. */
const htmlMediaType = 'TEXT_HTML|text/html';

export const xssSinks: readonly SinkSpec[] = [
  {
    names: ['print', 'println', 'write', 'format', 'printf', 'append'],
    receiver: 'getWriter\\(\\)|getOutputStream\\(\\)|JspWriter$',
  },
  // `ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(html)`, JAX-RS `Response.ok(html, "text/html")`
  { names: ['body'], receiverSource: htmlMediaType, args: [0] },
  {
    names: ['ok'],
    receiver: '(^|\\.)Response$',
    argMatches: { index: 1, pattern: htmlMediaType },
    args: [0],
  },
];

/**
 * Handlers whose return value is the HTML answer: a Spring mapping or JAX-RS method that produces text/html
 * (its String result is the body, for @ResponseBody and @RestController methods alike).
 */
export const htmlHandlerReturns = [
  {
    declaration: `@(Get|Post|Put|Patch|Delete|Request)Mapping\\([^)]*produces\\s*=[^)]*(${htmlMediaType})|@Produces\\([^)]*(${htmlMediaType})`,
    label: 'an HTML response body',
  },
  {
    // A handler of a class that declares text/html for all its methods (and the method does not say otherwise).
    declaration: `^(?![\\s\\S]*(produces\\s*=|@Produces))[\\s\\S]*(@(Get|Post|Put|Patch|Delete|Request)Mapping\\b|@(GET|POST|PUT|PATCH|DELETE)\\b)`,
    classDeclaration: `@RequestMapping\\([^)]*produces\\s*=[^)]*(${htmlMediaType})|@Produces\\([^)]*(${htmlMediaType})`,
    label: 'an HTML response body',
  },
] as const;

export const pathSinks: readonly SinkSpec[] = [
  {
    names: [
      'File',
      'FileInputStream',
      'FileOutputStream',
      'FileReader',
      'FileWriter',
      'RandomAccessFile',
      'ZipFile',
    ],
    isNew: true,
  },
  { names: ['get'], receiver: '(^|\\.)Paths$' },
  { names: ['of'], receiver: '(^|\\.)Path$' },
  {
    // The path is the first argument; what `write` / `writeString` take after it is content.
    names: [
      'newInputStream',
      'newOutputStream',
      'newBufferedReader',
      'newBufferedWriter',
      'readAllBytes',
      'readAllLines',
      'readString',
      'write',
      'writeString',
      'delete',
      'deleteIfExists',
      'createFile',
      'lines',
      'newByteChannel',
      'move',
    ],
    receiver: '(^|\\.)Files$',
    args: [0],
  },
  // What is done with a File whose path came from the request (`new File(dir, name).getCanonicalFile().mkdirs()`).
  {
    names: [
      'delete',
      'deleteOnExit',
      'mkdir',
      'mkdirs',
      'createNewFile',
      'renameTo',
      'setReadable',
      'setWritable',
      'setExecutable',
      'setLastModified',
      'listFiles',
      'list',
    ],
    receiver: '(^|\\.)File$|get(Canonical|Absolute)File\\(\\)$',
    isReceiverSink: true,
    args: [],
  },
  { names: ['renameTo'], receiver: '(^|\\.)File$|get(Canonical|Absolute)File\\(\\)$', args: [0] },
  // An upload saved where the request says (`multipartFile.transferTo(file)`, servlet `part.write(name)`).
  { names: ['transferTo'], receiver: 'Multipart|(^|\\.)(File)?Part$', args: [0] },
  { names: ['write'], receiver: '(^|\\.)Part$', args: [0] },
  // `copy(source, target)`: the target is a path; the source too, unless it is a stream (`copy(in, target)`).
  { names: ['copy', 'move'], receiver: '(^|\\.)Files$', args: [1] },
  {
    names: ['copy'],
    receiver: '(^|\\.)Files$',
    args: [0],
    argMatches: { index: 0, pattern: '^(?!.*(InputStream|Reader)).*(path|file|resolve|get|of)' },
  },
];

export const ldapSinks: readonly SinkSpec[] = [
  { names: ['search'], receiver: '(dircontext|ldapcontext|ctx|context|ldap)', args: [0, 1] },
  {
    names: ['search', 'searchForObject', 'find', 'findOne'],
    receiver: '(ldaptemplate|ldapoperations)',
    args: [0, 1],
  },
];

export const xpathSinks: readonly SinkSpec[] = [
  { names: ['compile', 'evaluate', 'evaluateExpression'], receiver: '(xpath|^xp$)', args: [0] },
  {
    names: ['selectNodes', 'selectSingleNode', 'valueOf'],
    receiver: '(node|document|doc|element)',
    args: [0],
  },
];

export const sessionSinks: readonly SinkSpec[] = [
  { names: ['setAttribute', 'putValue'], receiver: '(session)', args: [0, 1] },
];

export const redirectSinks: readonly SinkSpec[] = [
  { names: ['sendRedirect'], receiver: '(response|resp|res)', args: [0] },
];

export const ssrfSinks: readonly SinkSpec[] = [
  { names: ['openConnection', 'openStream'], isReceiverSink: true, args: [] },
  {
    names: ['HttpGet', 'HttpPost', 'HttpPut', 'HttpDelete', 'HttpHead', 'HttpPatch'],
    isNew: true,
    args: [0],
  },
  {
    names: ['getForObject', 'getForEntity', 'postForObject', 'postForEntity', 'exchange', 'put', 'delete'],
    receiver: '(resttemplate|restoperations)',
    args: [0],
  },
];

export const codeSinks: readonly SinkSpec[] = [
  { names: ['eval'], receiver: '(scriptengine|engine)', args: [0] },
  { names: ['parseExpression'], receiver: '(parser)', args: [0] },
];

export const deserializationSinks: readonly SinkSpec[] = [
  { names: ['ObjectInputStream', 'XMLDecoder'], isNew: true },
  { names: ['fromXML'], receiver: '(xstream)', args: [0] },
  { names: ['load', 'loadAll', 'loadAs'], receiver: '(yaml)', args: [0] },
];
