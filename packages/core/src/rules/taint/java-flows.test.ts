import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { javaRules } from '../catalog/java.ts';
import { parseSource } from '../parser.ts';
import type { TaintRule } from './index.ts';
import { runTaintRules } from './index.ts';

const rules = javaRules.filter((r): r is TaintRule => r.kind === 'taint');

function hitIds(body: string, properties: Record<string, string> = {}, extra = ''): string[] {
  const content = `import javax.servlet.http.*;
public class Handler extends HttpServlet {
  public void doPost(HttpServletRequest request, HttpServletResponse response) throws Exception {
${body}
  }
${extra}
}`;
  const root = parseSource('java', content);
  assert.ok(root);
  const project = { properties: new Map(Object.entries(properties)) };
  return runTaintRules(root, { path: 'Handler.java', language: 'java', content, project }, rules).map(
    (h) => h.ruleId,
  );
}

const sqli = 'java.sqli.tainted-query';
const xss = 'java.xss.tainted-output';
const sink = 'statement.executeQuery("SELECT * FROM t WHERE a = \'" + bar + "\'");';

describe('java taint: flows', () => {
  it('reports a request parameter concatenated into a query', () => {
    assert.ok(hitIds(`String bar = request.getParameter("a"); ${sink}`).includes(sqli));
  });

  it('forgets taint when the variable is overwritten with a constant', () => {
    assert.deepEqual(hitIds(`String bar = request.getParameter("a"); bar = "safe"; ${sink}`), []);
  });

  it('takes only the branch of a constant ternary', () => {
    const pick = (cond: string): string[] =>
      hitIds(
        `String param = request.getHeader("h"); int num = 106; String bar = ${cond} ? "constant" : param; ${sink}`,
      );
    assert.deepEqual(pick('(7 * 18) + num > 200'), []);
    assert.ok(pick('(7 * 42) - num > 200').includes(sqli));
  });

  it('uses integer division when folding conditions', () => {
    const body = `String param = request.getParameter("a"); String bar; int num = 196;
      if ((500 / 42) + num > 200) bar = param; else bar = "x"; ${sink}`;
    assert.ok(hitIds(body).includes(sqli));
    const safe = body.replace('num = 196', 'num = 100');
    assert.deepEqual(hitIds(safe), []);
  });

  it('follows a switch on a constant character', () => {
    const body = (i: number): string => `String param = request.getParameter("a"); String bar;
      String guess = "ABC"; char target = guess.charAt(${i});
      switch (target) { case 'A': bar = param; break; case 'B': bar = "bob"; break;
        case 'C': case 'D': bar = param; break; default: bar = "other"; break; }
      ${sink}`;
    assert.deepEqual(hitIds(body(1)), []);
    assert.ok(hitIds(body(2)).includes(sqli));
  });

  it('takes the selected case of a switch expression', () => {
    const body = (k: number): string => `String p = request.getParameter("a"); int k = ${k};
      String bar = switch (k) { case 1 -> "safe"; case 2 -> p; default -> { yield "x"; } }; ${sink}`;
    assert.ok(hitIds(body(2)).includes(sqli));
    assert.deepEqual(hitIds(body(1)), []);
    assert.deepEqual(hitIds(body(3)), []);
  });

  it('tracks list elements by position', () => {
    const body = (i: number): string => `String param = request.getParameter("a");
      java.util.List<String> values = new java.util.ArrayList<String>();
      values.add("safe"); values.add(param); values.add("moresafe");
      values.remove(0);
      String bar = values.get(${i}); ${sink}`;
    assert.ok(hitIds(body(0)).includes(sqli));
    assert.deepEqual(hitIds(body(1)), []);
  });

  it('tracks map entries by key', () => {
    const body = (key: string): string => `String param = request.getParameter("a");
      java.util.HashMap<String, Object> map = new java.util.HashMap<String, Object>();
      map.put("keyA", "a-value"); map.put("keyB", param);
      String bar = (String) map.get("${key}"); ${sink}`;
    assert.ok(hitIds(body('keyB')).includes(sqli));
    assert.deepEqual(hitIds(body('keyA')), []);
  });

  it('follows string builders, encodings and splits', () => {
    const body = `String param = request.getParameter("a");
      StringBuilder sb = new StringBuilder(param); sb.append(" suffix");
      String s = new String(java.util.Base64.getDecoder().decode(java.util.Base64.getEncoder().encode(sb.toString().getBytes())));
      String bar = s.split(" ")[0]; ${sink}`;
    assert.ok(hitIds(body).includes(sqli));
  });

  it('treats numbers parsed from input as safe', () => {
    assert.deepEqual(
      hitIds(`int n = Integer.parseInt(request.getParameter("a")); String bar = "" + n; ${sink}`),
      [],
    );
  });

  it('reads cookies in a loop that breaks', () => {
    const body = `Cookie[] cookies = request.getCookies(); String bar = "none";
      if (cookies != null) { for (Cookie c : cookies) { if (c.getName().equals("id")) { bar = java.net.URLDecoder.decode(c.getValue(), "UTF-8"); break; } } }
      ${sink}`;
    assert.ok(hitIds(body).includes(sqli));
  });

  it('reads header enumerations', () => {
    const body = `String bar = ""; java.util.Enumeration<String> headers = request.getHeaders("h");
      if (headers != null && headers.hasMoreElements()) bar = headers.nextElement(); ${sink}`;
    assert.ok(hitIds(body).includes(sqli));
  });

  it('applies summaries of same-file helper methods and inner classes', () => {
    const passThrough = `private static String helper(String in) { String r = in; return r.trim(); }
      private static String constant(String in) { return "fixed"; }
      private class Inner { public String wrap(String s) { return "[" + s + "]"; } }`;
    assert.ok(
      hitIds(`String bar = helper(request.getParameter("a")); ${sink}`, {}, passThrough).includes(sqli),
    );
    assert.deepEqual(
      hitIds(`String bar = constant(request.getParameter("a")); ${sink}`, {}, passThrough),
      [],
    );
    assert.ok(
      hitIds(`String bar = new Inner().wrap(request.getParameter("a")); ${sink}`, {}, passThrough).includes(
        sqli,
      ),
    );
  });

  it('sees data a helper stores into the builder or list it is given', () => {
    const helpers = `private static void addParam(StringBuilder sb, String v) { sb.append("'").append(v).append("'"); }
      private static void keep(java.util.List<String> out, String v) { out.add(v.trim()); }`;
    assert.ok(
      hitIds(
        `StringBuilder q = new StringBuilder("SELECT * FROM t WHERE a = "); addParam(q, request.getParameter("a"));
      statement.executeQuery(q.toString());`,
        {},
        helpers,
      ).includes(sqli),
    );
    assert.deepEqual(
      hitIds(
        `StringBuilder q = new StringBuilder("SELECT * FROM t WHERE a = "); addParam(q, "1");
      statement.executeQuery(q.toString());`,
        {},
        helpers,
      ),
      [],
    );
    assert.ok(
      hitIds(
        `java.util.List<String> l = new java.util.ArrayList<>(); keep(l, request.getHeader("h"));
      statement.executeQuery("SELECT " + l.get(0));`,
        {},
        helpers,
      ).includes(sqli),
    );
  });

  it('reports a sink inside a helper reached by a tainted argument', () => {
    const helper = `private void run(java.sql.Statement st, String q) throws Exception { st.execute("SELECT " + q); }`;
    assert.ok(hitIds(`run(statement, request.getParameter("a"));`, {}, helper).includes(sqli));
    assert.deepEqual(hitIds(`run(statement, "1");`, {}, helper), []);
  });

  it('applies sanitisers only to their own kind of sink', () => {
    const html = `String bar = org.owasp.esapi.ESAPI.encoder().encodeForHTML(request.getParameter("a"));`;
    assert.ok(hitIds(`${html} ${sink}`).includes(sqli));
    assert.deepEqual(hitIds(`${html} response.getWriter().println(bar);`), []);
    assert.ok(
      hitIds(`String bar = request.getParameter("a"); response.getWriter().println(bar);`).includes(xss),
    );
  });

  it('sees tainted data captured by a lambda', () => {
    const body = `String bar = request.getParameter("a"); Runnable r = () -> { try { ${sink} } catch (Exception e) {} };`;
    assert.ok(hitIds(body).includes(sqli));
  });

  it('treats framework-bound parameters as sources', () => {
    const content = `class C { String find(@RequestParam("q") String q, java.sql.Statement st) throws Exception {
      st.executeQuery("SELECT * FROM t WHERE a = '" + q + "'"); return q; } }`;
    const root = parseSource('java', content)!;
    const hits = runTaintRules(
      root,
      { path: 'C.java', language: 'java', content, project: { properties: new Map() } },
      rules,
    );
    assert.ok(hits.some((h) => h.ruleId === sqli));
  });
});

describe('java taint: objects and value types', () => {
  const cmdi = 'java.command-injection.tainted-command';
  const bean = `static class Job {
    private String label;
    private final String tool = "tar";
    Job(String label) { this.label = label; }
    String getLabel() { return label; }
    String getTool() { return tool; }
    String command() { return tool + " " + getLabel(); }
    void run() throws Exception { Runtime.getRuntime().exec(this.label); }
  }`;

  it("reads a tainted object's fields through its getters, own calls and methods", () => {
    const job = 'Job job = new Job(request.getParameter("label"));';
    assert.ok(hitIds(`${job} Runtime.getRuntime().exec(job.getLabel());`, {}, bean).includes(cmdi));
    assert.ok(hitIds(`${job} Runtime.getRuntime().exec(job.command());`, {}, bean).includes(cmdi));
    assert.ok(hitIds(`${job} job.run();`, {}, bean).includes(cmdi));
  });

  it("reads the object's fields inside a lambda of its method", () => {
    const jobs = `static class Batch {
    private String label;
    Batch(String label) { this.label = label; }
    void run(java.util.List<String> dirs) {
      dirs.forEach(d -> { try { Runtime.getRuntime().exec("tar " + label + " " + d); } catch (Exception e) { } });
    }
  }`;
    assert.ok(
      hitIds('new Batch(request.getParameter("l")).run(java.util.List.of("/a"));', {}, jobs).includes(cmdi),
    );
    assert.deepEqual(hitIds('new Batch("nightly").run(java.util.List.of("/a"));', {}, jobs), []);
  });

  it("knows a field's declared type when it names the receiver", () => {
    const ldap = 'java.ldap-injection.tainted-filter';
    const field = 'private javax.naming.directory.DirContext directory;';
    const body =
      'String uid = request.getParameter("u"); directory.search("dc=example", "(uid=" + uid + ")", null);';
    assert.ok(hitIds(body, {}, field).includes(ldap));
    assert.deepEqual(hitIds(body, {}, 'private java.util.Map<String, String> directory;'), []);
  });

  it('looks a tainted key up in a constant table of argument lists', () => {
    const table =
      'private static final java.util.Map<String, java.util.List<String>> REPORTS = java.util.Map.of("disk", java.util.List.of("df", "-h"));';
    const run = 'Runtime.getRuntime().exec(argv.toArray(new String[0]));';
    const lookup = `java.util.List<String> argv = REPORTS.get(request.getParameter("r")); ${run}`;
    assert.deepEqual(hitIds(lookup, {}, table), []);
    const filled = `java.util.Map<String, java.util.List<String>> m = new java.util.HashMap<>();
      m.put("x", java.util.List.of(request.getParameter("c"))); java.util.List<String> argv = m.get("x"); ${run}`;
    assert.ok(hitIds(filled).includes(cmdi));
  });

  it('keeps fields with a constant value and objects built from constants clean', () => {
    const tainted = 'Job job = new Job(request.getParameter("label"));';
    assert.deepEqual(hitIds(`${tainted} Runtime.getRuntime().exec(job.getTool());`, {}, bean), []);
    const constant = 'Job job = new Job("nightly");';
    assert.deepEqual(
      hitIds(`${constant} Runtime.getRuntime().exec(job.command()); job.run();`, {}, bean),
      [],
    );
  });

  it('gives mapped stream elements what the callback returned', () => {
    const ids =
      'java.util.List<String> ids = java.util.Arrays.asList(request.getParameter("ids").split(","));';
    const placeholders =
      'String bar = ids.stream().map(id -> "?").collect(java.util.stream.Collectors.joining(","));';
    assert.deepEqual(hitIds(`${ids} ${placeholders} ${sink}`), []);
    const values = placeholders.replace('id -> "?"', 'id -> "\'" + id + "\'"');
    assert.ok(hitIds(`${ids} ${values} ${sink}`).includes(sqli));
    const numbers = placeholders.replace('id -> "?"', 'Long::parseLong').replace('joining(",")', 'toList()');
    assert.deepEqual(hitIds(`${ids} ${numbers.replace('String bar', 'Object bar')} ${sink}`), []);
  });

  it("treats a file's content as the file's, while its tainted path is still reported", () => {
    const path = 'java.path-traversal.tainted-path';
    const body = `java.nio.file.Path p = java.nio.file.Paths.get("/srv", request.getParameter("f"));
      String text = java.nio.file.Files.readString(p); response.getWriter().println(text);`;
    assert.deepEqual([...new Set(hitIds(body))], [path]);
    const echoed = 'response.getWriter().println(request.getParameter("f"));';
    assert.ok(hitIds(echoed).includes('java.xss.tainted-output'));
  });

  it('does not take parameters bound as numbers, UUIDs or enums for text of the request', () => {
    const content = (param: string): string => `import org.springframework.web.bind.annotation.*;
enum Kind { A, B }
@RestController
public class Items {
  @GetMapping("/items/{id}")
  public void show(${param}, javax.servlet.http.HttpServletResponse response) throws Exception {
    response.getWriter().println("<p>" + id + "</p>");
  }
}`;
    const hits = (param: string): string[] => {
      const text = content(param);
      const root = parseSource('java', text);
      assert.ok(root);
      const project = { properties: new Map<string, string>() };
      return runTaintRules(root, { path: 'Items.java', language: 'java', content: text, project }, rules).map(
        (h) => h.ruleId,
      );
    };
    for (const param of ['@PathVariable long id', '@PathVariable java.util.UUID id', '@PathVariable Kind id'])
      assert.deepEqual(hits(param), [], param);
    assert.ok(hits('@PathVariable String id').includes(xss));
    // A class of the project that happens to share a platform value type's name is a bean like any other.
    assert.ok(hits('@PathVariable com.acme.Period id').includes(xss));
  });

  it('looks values up through a method reference to a constant table', () => {
    const session = 'java.trust-boundary.tainted-session';
    const table =
      'private static final java.util.Map<String, String> THEMES = java.util.Map.of("dark", "theme-dark");';
    const pick = (mapper: string): string[] =>
      hitIds(
        `String theme = java.util.Optional.ofNullable(request.getParameter("t")).map(${mapper}).orElse("theme-light");
        request.getSession().setAttribute("theme", theme);`,
        {},
        table,
      );
    assert.deepEqual(pick('THEMES::get'), []);
    assert.ok(pick('String::trim').includes(session));
    // `read` is a clean method of streams, not of a project's class.
    assert.ok(pick('Util::read').includes(session));
  });

  it('checks the paths of Files.copy, not the content it copies', () => {
    const path = 'java.path-traversal.tainted-path';
    const base = 'java.nio.file.Path base = java.nio.file.Paths.get("/srv/avatars");';
    const upload = 'java.io.InputStream in = request.getInputStream();';
    assert.deepEqual(hitIds(`${base} ${upload} java.nio.file.Files.copy(in, base.resolve("a.png"));`), []);
    const named = `${base} ${upload} java.nio.file.Files.copy(in, base.resolve(request.getParameter("n")));`;
    assert.ok(hitIds(named).includes(path));
  });

  it('treats text parsed into a number, UUID, date or enum of the file as clean', () => {
    const enumDecl = 'enum Sort { NAME, DATE }';
    const cases = [
      'java.util.UUID.fromString(request.getParameter("a")).toString()',
      'String.valueOf(Long.valueOf(request.getParameter("a")))',
      'java.time.LocalDate.parse(request.getParameter("a")).toString()',
      'Sort.valueOf(request.getParameter("a")).name()',
    ];
    for (const expr of cases) {
      assert.deepEqual(hitIds(`String bar = ${expr}; ${sink}`, {}, enumDecl), [], expr);
    }
    // String.valueOf keeps the text, and a class that is not an enum of the file proves nothing.
    assert.ok(hitIds(`String bar = String.valueOf(request.getParameter("a")); ${sink}`).includes(sqli));
    assert.ok(hitIds(`String bar = Sort.valueOf(request.getParameter("a")).name(); ${sink}`).includes(sqli));
  });
});

describe('java taint: handlers answering with HTML', () => {
  const xssRule = 'java.xss.tainted-output';
  function controllerHits(mapping: string, body: string): string[] {
    const content = `import org.springframework.http.*;
import org.springframework.web.bind.annotation.*;
@RestController
public class Pages {
  ${mapping}
  public ResponseEntity<String> page(@RequestParam("q") java.util.List<String> q) {
    ${body}
  }
}`;
    const root = parseSource('java', content);
    assert.ok(root);
    return runTaintRules(
      root,
      { path: 'Pages.java', language: 'java', content, project: { properties: new Map() } },
      rules,
    ).map((h) => h.ruleId);
  }
  const html =
    'String items = q.stream().map(t -> "<li>" + t + "</li>").collect(java.util.stream.Collectors.joining());';

  it('reports request data returned by a mapping that produces text/html', () => {
    const mapping = '@GetMapping(value = "/p", produces = MediaType.TEXT_HTML_VALUE)';
    assert.ok(
      controllerHits(mapping, `${html} return ResponseEntity.ok("<ul>" + items + "</ul>");`).includes(
        xssRule,
      ),
    );
    const jaxRs = '@GET @Produces("text/html")';
    assert.ok(controllerHits(jaxRs, `${html} return ResponseEntity.ok(items);`).includes(xssRule));
  });

  it('reports request data returned by a handler of a class that produces text/html', () => {
    const content = (
      produces: string,
      mapping: string,
    ): string => `import org.springframework.web.bind.annotation.*;
@RestController
@RequestMapping(value = "/pages", produces = ${produces})
public class Pages {
  ${mapping}
  public String page(@RequestParam("q") String q) {
    return "<h1>" + q + "</h1>";
  }
}`;
    const hits = (produces: string, mapping: string): string[] => {
      const text = content(produces, mapping);
      const root = parseSource('java', text);
      assert.ok(root);
      const project = { properties: new Map<string, string>() };
      return runTaintRules(root, { path: 'Pages.java', language: 'java', content: text, project }, rules).map(
        (h) => h.ruleId,
      );
    };
    assert.ok(hits('MediaType.TEXT_HTML_VALUE', '@GetMapping("/p")').includes(xssRule));
    assert.deepEqual(
      hits('MediaType.TEXT_HTML_VALUE', '@GetMapping(value = "/p", produces = "application/json")'),
      [],
    );
    assert.deepEqual(hits('MediaType.APPLICATION_JSON_VALUE', '@GetMapping("/p")'), []);
    // Not a handler: a helper of the class returning the same text.
    assert.deepEqual(hits('MediaType.TEXT_HTML_VALUE', ''), []);
  });

  it('reports an HTML body set on a response entity', () => {
    const body = `${html} return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(items);`;
    assert.ok(controllerHits('@GetMapping("/p")', body).includes(xssRule));
  });

  it('leaves JSON answers and encoded HTML alone', () => {
    const json = '@GetMapping(value = "/p", produces = MediaType.APPLICATION_JSON_VALUE)';
    assert.deepEqual(controllerHits(json, `${html} return ResponseEntity.ok(items);`), []);
    const encoded = html.replace('+ t +', '+ org.springframework.web.util.HtmlUtils.htmlEscape(t) +');
    const mapping = '@GetMapping(value = "/p", produces = "text/html")';
    assert.deepEqual(controllerHits(mapping, `${encoded} return ResponseEntity.ok(items);`), []);
    const byReference = html.replace(
      'q.stream()',
      'q.stream().map(org.springframework.web.util.HtmlUtils::htmlEscape)',
    );
    assert.deepEqual(controllerHits(mapping, `${byReference} return ResponseEntity.ok(items);`), []);
    const trimmed = html.replace('q.stream()', 'q.stream().map(String::trim)');
    assert.ok(controllerHits(mapping, `${trimmed} return ResponseEntity.ok(items);`).includes(xssRule));
  });
});

describe('java taint: value checks', () => {
  const hash = 'java.crypto.weak-hash';
  const body = `java.util.Properties props = new java.util.Properties();
    props.load(getClass().getClassLoader().getResourceAsStream("app.properties"));
    String alg = props.getProperty("hashAlg", "SHA-512");
    java.security.MessageDigest md = java.security.MessageDigest.getInstance(alg);`;

  it('resolves algorithm names from the project properties', () => {
    assert.ok(hitIds(body, { hashAlg: 'MD5' }).includes(hash));
    assert.deepEqual(hitIds(body, { hashAlg: 'SHA-256' }), []);
  });

  it('falls back to the default value of getProperty', () => {
    assert.deepEqual(hitIds(body), []);
    assert.ok(hitIds(body.replace('SHA-512', 'SHA1')).includes(hash));
  });

  it('does not read system properties from the project configuration', () => {
    assert.deepEqual(
      hitIds(`java.security.MessageDigest.getInstance(System.getProperty("hashAlg"));`, { hashAlg: 'MD5' }),
      [],
    );
  });

  it('flags cookies without the secure flag on some path', () => {
    const cookie = 'java.cookies.missing-secure-flag';
    const base = 'Cookie c = new Cookie("a", "b");';
    assert.ok(hitIds(`${base} response.addCookie(c);`).includes(cookie));
    assert.ok(
      hitIds(`${base} if (request.isSecure()) c.setSecure(true); response.addCookie(c);`).includes(cookie),
    );
    assert.deepEqual(hitIds(`${base} c.setSecure(true); response.addCookie(c);`), []);
  });

  it('flags weak ciphers but not RSA in ECB notation', () => {
    const cipher = 'java.crypto.weak-cipher';
    assert.ok(hitIds('javax.crypto.Cipher.getInstance("AES/ECB/PKCS5Padding");').includes(cipher));
    assert.ok(hitIds('javax.crypto.Cipher.getInstance("AES");').includes(cipher));
    assert.deepEqual(hitIds('javax.crypto.Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");'), []);
    assert.deepEqual(hitIds('javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");'), []);
  });
});

describe('java taint: robustness', () => {
  it('does not throw on broken code', () => {
    assert.doesNotThrow(() =>
      hitIds('String bar = request.getParameter("a" ; if (( { statement.executeQuery(bar'),
    );
  });

  it('terminates on deeply nested loops', () => {
    let body = `String bar = request.getParameter("a");`;
    for (let i = 0; i < 12; i++) body += ` for (int i${i} = 0; i${i} < 3; i${i}++) { bar = bar + "x";`;
    body += sink + ' }'.repeat(12);
    assert.ok(hitIds(body).includes(sqli));
  });
});
