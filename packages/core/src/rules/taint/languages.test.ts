import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Language } from '@xcr/contracts';
import { parseSource } from '../parser.ts';
import { taintRules } from './catalog.ts';
import { runTaintRules } from './index.ts';

function ids(language: Language, content: string, path = 'file'): string[] {
  const root = parseSource(language, content, path);
  assert.ok(root);
  return runTaintRules(root, { path, language, content, project: { properties: new Map() } }, taintRules).map(
    (h) => h.ruleId,
  );
}

function assertHit(language: Language, rule: string, content: string): void {
  assert.ok(ids(language, content).includes(`${language}.${rule}`), `expected ${rule} in:\n${content}`);
}

function assertQuiet(language: Language, content: string): void {
  assert.deepEqual(ids(language, content), [], `expected no hit in:\n${content}`);
}

describe('taint: javascript', () => {
  it('follows destructured request data into template literals', () => {
    assertHit(
      'javascript',
      'sqli.tainted-query',
      'app.get("/", (req, res) => { const { id } = req.query; db.query(`SELECT * FROM t WHERE id = ${id}`); });',
    );
  });

  it('treats tagged templates and bound parameters as safe', () => {
    assertQuiet(
      'javascript',
      'app.get("/", (req, res) => { db.query(sql`SELECT * FROM t WHERE id = ${req.query.id}`); db.query("SELECT ?", [req.query.id]); });',
    );
  });

  it('keeps Map entries apart', () => {
    const code = (key: string): string =>
      `app.get("/", (req, res) => { const m = new Map(); m.set("a", "ls"); m.set("b", req.query.c); exec(m.get("${key}")); });`;
    assertHit('javascript', 'command-injection.tainted-command', code('b'));
    assertQuiet('javascript', code('a'));
  });

  it('applies same-file helpers and DOM assignment sinks', () => {
    assertHit(
      'javascript',
      'xss.tainted-output',
      'function pick(h) { return h.slice(1); }\ndocument.body.innerHTML = pick(location.hash);',
    );
    assertQuiet(
      'javascript',
      'function pick(h) { return "x"; }\ndocument.body.innerHTML = pick(location.hash);',
    );
  });

  it('passes the data of the receiver to callbacks', () => {
    assertHit(
      'javascript',
      'command-injection.tainted-command',
      'app.get("/", (req, res) => { req.query.list.split(",").forEach((x) => exec("ls " + x)); });',
    );
    assertQuiet('javascript', 'app.get("/", (req, res) => { ["a", "b"].forEach((x) => exec("ls " + x)); });');
  });

  it('does not confuse RegExp.exec with a command', () => {
    assertQuiet('javascript', 'app.get("/", (req, res) => { const re = /a/; re.exec(req.query.q); });');
  });
});

describe('taint: typescript', () => {
  it('looks through type assertions and non-null assertions', () => {
    assertHit(
      'typescript',
      'open-redirect.tainted-url',
      'export function go(req: Request, res: Response) { const next = req.query.next as string; res.redirect(next!); }',
    );
  });
});

describe('taint: python', () => {
  it('follows f-strings and tuple assignments', () => {
    assertHit(
      'python',
      'sqli.tainted-query',
      'def v(request):\n    a, b = request.GET["x"], 1\n    cursor.execute(f"SELECT {a}")\n',
    );
    assertQuiet(
      'python',
      'def v(request):\n    a, b = 1, request.GET["x"]\n    cursor.execute(f"SELECT {a}")\n',
    );
  });

  it('treats route parameters as request data and int() as a sanitiser', () => {
    assertHit(
      'python',
      'command-injection.tainted-command',
      '@app.route("/p/<host>")\ndef p(host):\n    os.system("ping " + host)\n',
    );
    assertQuiet('python', '@app.route("/p/<n>")\ndef p(n):\n    os.system("ping -c %d x" % int(n))\n');
  });

  it('applies methods called through self', () => {
    const code =
      'class V:\n    def get(self, request):\n        eval(self.clean(request.args["e"]))\n    def clean(self, v):\n        return v.strip()\n';
    assertHit('python', 'code-injection.tainted-eval', code);
  });
});

describe('taint: go', () => {
  it('gives every name of a multi-value assignment the call data', () => {
    assertHit(
      'go',
      'sqli.tainted-query',
      'package m\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tc, err := r.Cookie("s")\n\tdb.Query("SELECT " + c.Value)\n\t_ = err\n}\n',
    );
  });

  it('only reports Fprintf to the response writer', () => {
    assertQuiet(
      'go',
      'package m\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tfmt.Fprintf(os.Stderr, "%s", r.FormValue("a"))\n}\n',
    );
    assertHit(
      'go',
      'xss.tainted-output',
      'package m\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tfmt.Fprintf(w, "%s", r.FormValue("a"))\n}\n',
    );
  });
});

describe('taint: php', () => {
  it('follows interpolation and keyed arrays precisely', () => {
    assertHit(
      'php',
      'sqli.tainted-query',
      '<?php $id = $_GET["id"]; mysqli_query($c, "SELECT * FROM t WHERE id = $id");',
    );
    assertQuiet('php', '<?php $a = ["q" => "SELECT 1", "u" => $_GET["id"]]; mysqli_query($c, $a["q"]);');
  });

  it('reports short echo tags and respects casts', () => {
    assertHit('php', 'xss.tainted-output', '<p><?= $_GET["q"] ?></p>');
    assertQuiet('php', '<?php echo (int) $_GET["q"];');
  });
});

describe('taint: ruby', () => {
  it('follows params through blocks and helper methods', () => {
    const code =
      'class C < ApplicationController\n  def index\n    params[:ids].each { |i| User.where("id = " + wrap(i)) }\n  end\n  def wrap(x)\n    "(#{x})"\n  end\nend\n';
    assertHit('ruby', 'sqli.tainted-query', code);
  });

  it('treats hash conditions as safe', () => {
    assertQuiet(
      'ruby',
      'class C < ApplicationController\n  def index\n    User.where(name: params[:name])\n  end\nend\n',
    );
  });
});

describe('taint: csharp', () => {
  it('treats controller action parameters as request data', () => {
    assertHit(
      'csharp',
      'path-traversal.tainted-path',
      'public class FilesController : Controller { public IActionResult Get(string name) { return Ok(File.ReadAllText("/srv/" + name)); } }',
    );
    assertQuiet(
      'csharp',
      'public class FilesService { public string Get(string name) { return File.ReadAllText("/srv/" + name); } }',
    );
  });

  it('reports assignments to CommandText', () => {
    assertHit(
      'csharp',
      'sqli.tainted-query',
      'class C { void M() { var c = conn.CreateCommand(); c.CommandText = $"SELECT {Request.Query["q"]}"; } }',
    );
  });
});
