import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Language } from '@xcr/contracts';
import { parseSource } from '../parser.ts';
import { taintRules } from './catalog.ts';
import { runTaintRules } from './index.ts';

function ids(language: Language, content: string): string[] {
  const root = parseSource(language, content, 'file');
  assert.ok(root);
  const input = { path: 'file', language, content, project: { properties: new Map<string, string>() } };
  return runTaintRules(root, input, taintRules).map((h) => h.ruleId);
}

function assertHit(language: Language, rule: string, content: string): void {
  assert.ok(ids(language, content).includes(`${language}.${rule}`), `expected ${rule} in:\n${content}`);
}

function assertQuiet(language: Language, content: string): void {
  assert.deepEqual(ids(language, content), [], `expected no hit in:\n${content}`);
}

const cmdi = 'command-injection.tainted-command';
const pathRule = 'path-traversal.tainted-path';

describe('taint guards: python', () => {
  const view = (body: string): string =>
    'import os, re\nPATTERN = re.compile(r"^[a-z0-9]+$")\nALLOWED = {"a", "b"}\nTABLE = {"a": "x", "b": "y"}\n' +
    '@app.route("/p")\ndef p():\n    host = request.args["h"]\n    other = request.args["o"]\n' +
    body
      .split('\n')
      .map((l) => `    ${l}\n`)
      .join('');
  const run = 'os.system("ping " + host)';

  it('trusts a value after `if not re.fullmatch(...): return` and a compiled anchored pattern', () => {
    assertQuiet('python', view(`if not re.fullmatch(r"[a-z0-9.]+", host):\n    return "bad"\n${run}`));
    assertQuiet('python', view(`if not PATTERN.match(host):\n    return "bad"\n${run}`));
    assertHit('python', cmdi, view(`if not re.fullmatch(r".+", host):\n    return "bad"\n${run}`));
    assertHit('python', cmdi, view(`if not re.match(r"[a-z]+", host):\n    return "bad"\n${run}`));
  });

  it('trusts membership, positive or with an exit, and both checks of a failed `or`', () => {
    assertQuiet('python', view(`if host not in ALLOWED:\n    raise ValueError()\n${run}`));
    assertQuiet('python', view(`if host in ("a", "b"):\n    ${run}`));
    const both = `if host not in ALLOWED or not PATTERN.fullmatch(other):\n    return "bad"\nos.system(host + other)`;
    assertQuiet('python', view(both));
  });

  it('does not clean without an exit, nor after None or length checks', () => {
    assertHit('python', cmdi, view(`if host not in ALLOWED:\n    print("bad")\n${run}`));
    assertHit('python', cmdi, view(`if host is None or len(host) > 10:\n    return "bad"\n${run}`));
  });

  it('keeps allow-list ternaries and table lookups clean', () => {
    assertQuiet('python', view(`host = host if host in ALLOWED else "a"\n${run}`));
    assertQuiet('python', view(`host = TABLE.get(host, "x")\n${run}`));
    assertHit('python', cmdi, view(`host = TABLE.get(host, other)\n${run}`));
  });

  it('confines a real path that starts with the base directory', () => {
    const check = 'if not full.startswith("/srv/"):\n    return "bad"\nopen(full)';
    assertQuiet('python', view(`full = os.path.realpath(os.path.join("/srv", host))\n${check}`));
    assertHit('python', pathRule, view(`full = os.path.join("/srv", host)\n${check}`));
  });
});

describe('taint guards: javascript', () => {
  const handler = (body: string): string =>
    'const ALLOWED = new Set(["a", "b"]);\nconst TABLE = { a: "x", b: "y" };\n' +
    `app.get("/", (req, res) => {\n  const host = req.query.h;\n${body}\n});`;
  const run = 'exec("ping " + host);';

  it('trusts a value after `if (!ALLOWED.has(x)) return` and an anchored regex test', () => {
    assertQuiet('javascript', handler(`if (!ALLOWED.has(host)) return res.status(400).end();\n${run}`));
    assertQuiet('javascript', handler(`if (!["a", "b"].includes(host)) { return; }\n${run}`));
    assertQuiet('javascript', handler(`if (!/^[a-z0-9-]+$/.test(host)) return;\n${run}`));
  });

  it('does not trust unanchored or multi-line patterns', () => {
    assertHit('javascript', cmdi, handler(`if (!/[a-z0-9-]+/.test(host)) return;\n${run}`));
    assertHit('javascript', cmdi, handler(`if (!/^[a-z0-9-]+$/m.test(host)) return;\n${run}`));
  });

  it('does not clean without an exit, nor after undefined or length checks', () => {
    assertHit('javascript', cmdi, handler(`if (!ALLOWED.has(host)) console.log("bad");\n${run}`));
    assertHit('javascript', cmdi, handler(`if (host === undefined || host.length > 20) return;\n${run}`));
  });

  it('trusts constants compared with, ternaries and the right side of `&&`', () => {
    assertQuiet('javascript', handler(`if (host !== "a" && host !== "b") return;\n${run}`));
    assertQuiet('javascript', handler('exec("ping " + (ALLOWED.has(host) ? host : "a"));'));
    assertQuiet('javascript', handler('ALLOWED.has(host) && exec("ping " + host);'));
    assertHit('javascript', cmdi, handler('ALLOWED.has(host) || exec("ping " + host);'));
  });

  it('confines a resolved path that starts with the base directory', () => {
    const check = 'if (!p.startsWith("/srv/")) return;\nfs.readFileSync(p);';
    assertQuiet('javascript', handler(`const p = path.resolve("/srv", host);\n${check}`));
    assertHit('javascript', pathRule, handler(`const p = path.join("/srv", host);\n${check}`));
  });
});

describe('taint guards: php, ruby, go, c#', () => {
  it('php: preg_match, also compared with 1, and in_array before throw', () => {
    const php = (check: string): string => `<?php\n$host = $_GET["h"];\n${check}\nsystem("ping " . $host);`;
    assertQuiet('php', php(`if (!preg_match('/^[a-z0-9]+$/', $host)) { exit; }`));
    assertQuiet('php', php(`if (preg_match('/^[a-z0-9]+$/D', $host) !== 1) { exit(1); }`));
    assertQuiet('php', php('if (!in_array($host, ["a", "b"], true)) { throw new Exception("bad"); }'));
    assertHit('php', cmdi, php(`if (!preg_match('/[a-z0-9]+/', $host)) { exit; }`));
    assertHit('php', cmdi, php('if (!isset($host)) { throw new Exception("bad"); }'));
  });

  it('ruby: `unless` guards need \\A and \\z anchors', () => {
    const rb = (check: string): string =>
      `class C < ApplicationController\n  ALLOWED = %w[a b]\n  def index\n    host = params[:h]\n    ${check}\n    system("ping " + host)\n  end\nend\n`;
    assertQuiet('ruby', rb('return head(400) unless ALLOWED.include?(host)'));
    assertQuiet('ruby', rb('return unless host.match?(/\\A[a-z0-9]+\\z/)'));
    assertHit('ruby', cmdi, rb('return unless host =~ /^[a-z0-9]+$/'));
  });

  it('go: a compiled pattern and slices.Contains', () => {
    const go = (check: string): string =>
      'package m\nvar safe = regexp.MustCompile(`^[a-z0-9]+$`)\nfunc h(w http.ResponseWriter, r *http.Request) {\n' +
      `\thost := r.FormValue("h")\n\tif ${check} {\n\t\treturn\n\t}\n\texec.Command("sh", "-c", "ping " + host).Run()\n}\n`;
    assertQuiet('go', go('!safe.MatchString(host)'));
    assertQuiet('go', go('!slices.Contains([]string{"a", "b"}, host)'));
    assertHit('go', cmdi, go('host == ""'));
  });

  it('c#: Regex.IsMatch, allow-lists and full paths', () => {
    const cs = (body: string): string =>
      'public class HostController : Controller { static readonly HashSet<string> Allowed = new HashSet<string> { "a", "b" }; ' +
      `public IActionResult Get(string name) { ${body} } }`;
    const read = 'return Ok(File.ReadAllText("/srv/" + name));';
    assertQuiet('csharp', cs(`if (!Regex.IsMatch(name, "^[a-z0-9]+$")) return BadRequest(); ${read}`));
    assertQuiet('csharp', cs(`if (!Allowed.Contains(name)) return BadRequest(); ${read}`));
    assertHit('csharp', pathRule, cs(`if (string.IsNullOrEmpty(name)) return BadRequest(); ${read}`));
    const full = 'var p = Path.GetFullPath(Path.Combine("/srv", name));';
    assertQuiet(
      'csharp',
      cs(`${full} if (!p.StartsWith("/srv/")) return BadRequest(); return Ok(File.ReadAllText(p));`),
    );
  });
});
