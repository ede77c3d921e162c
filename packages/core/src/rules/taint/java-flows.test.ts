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
