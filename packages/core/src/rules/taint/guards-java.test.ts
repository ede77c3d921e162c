import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { javaRules } from '../catalog/java.ts';
import { parseSource } from '../parser.ts';
import type { TaintRule } from './index.ts';
import { runTaintRules } from './index.ts';

const rules = javaRules.filter((r): r is TaintRule => r.kind === 'taint');

const members = `
  private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("^[a-z0-9-]{1,40}$");
  private static final java.util.regex.Pattern ANY = java.util.regex.Pattern.compile("^.*$");
  private static final java.util.Set<String> ALLOWED = java.util.Set.of("name", "price");
  private static final java.util.Map<String, String> FILES = java.util.Map.of("en", "/i18n/en.json");
  private static final java.util.Map<String, String> FILLED = new java.util.HashMap<>();
  static { FILLED.put("de", "/i18n/de.json"); }
  private String kept;`;

function hitIds(body: string): string[] {
  const content = `import javax.servlet.http.*;
public class Handler extends HttpServlet {${members}
  public void doPost(HttpServletRequest request, HttpServletResponse response) throws Exception {
    String bar = request.getParameter("a");
    String baz = request.getParameter("b");
${body}
  }
}`;
  const root = parseSource('java', content);
  assert.ok(root);
  const project = { properties: new Map<string, string>() };
  return runTaintRules(root, { path: 'Handler.java', language: 'java', content, project }, rules).map(
    (h) => h.ruleId,
  );
}

const sqli = 'java.sqli.tainted-query';
const path = 'java.path-traversal.tainted-path';
const query = (v: string): string => `statement.executeQuery("SELECT * FROM t ORDER BY " + ${v});`;

function assertQuiet(body: string): void {
  assert.deepEqual(hitIds(body), [], body);
}

function assertSqli(body: string): void {
  assert.ok(hitIds(body).includes(sqli), body);
}

describe('java taint: validating conditions', () => {
  it('trusts a value after an early exit on a failed strict match', () => {
    assertQuiet(`if (!NAME.matcher(bar).matches()) { response.sendError(400); return; } ${query('bar')}`);
    assertQuiet(
      `if (!bar.matches("[A-Za-z0-9_]+\\\\.pdf")) throw new IllegalArgumentException(); ${query('bar')}`,
    );
    assertQuiet(`if (!java.util.regex.Pattern.matches("\\\\d+", bar)) return; ${query('bar')}`);
  });

  it('does not trust a match that lets anything through or an unanchored find', () => {
    assertSqli(`if (!ANY.matcher(bar).matches()) return; ${query('bar')}`);
    assertSqli(`if (!bar.matches("[^']+")) return; ${query('bar')}`);
    assertSqli(`if (!java.util.regex.Pattern.compile("[a-z]+").matcher(bar).find()) return; ${query('bar')}`);
  });

  it('trusts allow-list membership, after an exit and inside the positive branch', () => {
    assertQuiet(`if (!ALLOWED.contains(bar)) throw new IllegalArgumentException(); ${query('bar')}`);
    assertQuiet(`if (ALLOWED.contains(bar)) { ${query('bar')} }`);
    assertSqli(`if (ALLOWED.contains(bar)) { } else { ${query('bar')} }`);
  });

  it('does not clean after a check without an early exit', () => {
    assertSqli(`if (!ALLOWED.contains(bar)) { System.out.println("unknown column"); } ${query('bar')}`);
  });

  it('does not treat null, emptiness or length checks as validation', () => {
    assertSqli(`if (bar == null) { return; } ${query('bar')}`);
    assertSqli(`if (bar != null) { ${query('bar')} }`);
    assertSqli(`if (bar.length() > 100 || bar.isEmpty()) return; ${query('bar')}`);
  });

  it('takes every check of a disjunction that exits', () => {
    assertQuiet(`if (!ALLOWED.contains(bar) || !NAME.matcher(baz).matches()) return; ${query('bar + baz')}`);
    assertSqli(`if (!ALLOWED.contains(bar) || baz == null) return; ${query('bar + baz')}`);
    assertSqli(`if (!ALLOWED.contains(bar) && !NAME.matcher(baz).matches()) return; ${query('baz')}`);
  });

  it('trusts equality with constants, also when either of them is allowed', () => {
    assertQuiet(`if (!"asc".equalsIgnoreCase(bar)) return; ${query('bar')}`);
    assertQuiet(`if (!bar.equals("asc") && !bar.equals("desc")) return; ${query('bar')}`);
    assertSqli(`if (!bar.equals(baz)) return; ${query('bar')}`);
  });

  it('validates fields of the object as well as locals', () => {
    assertQuiet(`this.kept = bar; if (!ALLOWED.contains(this.kept)) return; ${query('this.kept')}`);
  });

  it('keeps what an allow-list ternary chose', () => {
    assertQuiet(`String column = ALLOWED.contains(bar) ? bar : "name"; ${query('column')}`);
    assertSqli(`String column = ALLOWED.contains(bar) ? "name" : bar; ${query('column')}`);
  });

  it('treats lookups in tables of constants as constants', () => {
    assertQuiet(`String f = FILES.getOrDefault(bar, "/i18n/en.json"); ${query('f')}`);
    assertQuiet(`String f = FILLED.get(bar); ${query('f')}`);
    assertSqli(`String f = FILES.getOrDefault(bar, baz); ${query('f')}`);
    assertQuiet(`java.util.Map<String, String> m = Map.of("a", "b"); ${query('m.getOrDefault(bar, "x")')}`);
  });

  it('confines a normalised path that starts with the base directory, for path rules only', () => {
    const read = 'java.nio.file.Files.readAllBytes(p);';
    const base = 'java.nio.file.Path base = java.nio.file.Paths.get("/srv").toAbsolutePath();';
    assert.deepEqual(
      hitIds(
        `${base} java.nio.file.Path p = base.resolve(bar).normalize(); if (!p.startsWith(base)) return; ${read}`,
      ),
      [],
    );
    assert.deepEqual(
      hitIds(
        `${base} java.nio.file.Path p = base.resolve(bar); if (!p.normalize().startsWith(base)) return; ${read}`,
      ),
      [],
    );
    assert.ok(
      hitIds(
        `${base} java.nio.file.Path p = base.resolve(bar); if (!p.startsWith(base)) return; ${read}`,
      ).includes(path),
    );
    const canonical = `java.io.File f = new java.io.File(bar); if (!f.getCanonicalPath().startsWith("/srv/")) return;`;
    assert.deepEqual(hitIds(`${canonical} new java.io.FileInputStream(f);`), [path]);
    assert.deepEqual(hitIds(`${canonical} ${query('f.getPath()')}`), [path, sqli]);
  });

  it('checks a file resolved at once against a base directory the object holds', () => {
    const resolved = 'java.io.File f = new java.io.File(kept, bar).getCanonicalFile();';
    const check = 'if (!f.toPath().startsWith(new java.io.File(kept).toPath())) return;';
    assert.deepEqual(hitIds(`${resolved} ${check} new java.io.FileInputStream(f);`), []);
    assert.deepEqual(hitIds(`${resolved} new java.io.FileInputStream(f);`), [path]);
    // Built without being resolved, the File itself is the use.
    assert.deepEqual(hitIds('java.io.File f = new java.io.File(kept, bar);'), [path]);
    // Resolved and then used without a check: the use is reported.
    assert.deepEqual(hitIds('new java.io.File(kept, bar).getCanonicalFile().mkdirs();'), [path]);
    const upload = 'javax.servlet.http.Part part = request.getPart("f");';
    assert.deepEqual(hitIds(`${upload} part.write(new java.io.File(kept, bar).getCanonicalPath());`), [path]);
  });

  it('does not report a path built only to take its file name', () => {
    assertQuiet(
      `String name = java.nio.file.Paths.get(bar).getFileName().toString(); new java.io.File("/srv", name);`,
    );
    assert.ok(hitIds(`java.nio.file.Path p = java.nio.file.Paths.get(bar);`).includes(path));
  });
});
