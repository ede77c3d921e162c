import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { anchorIssue, type AnchorScope } from './anchor.ts';

const lines = [
  'import db from "./db";', // 1
  '', // 2
  'export async function find(req) {', // 3
  '  const name = req.query.name;', // 4
  '  const sql = "SELECT * FROM users WHERE name = \'" + name + "\'";', // 5
  '  return db.query(sql);', // 6
  '}', // 7
  '', // 8
  'export async function again(req) {', // 9
  '  return db.query(sql);', // 10
  '}', // 11
];
const whole: AnchorScope = { lines, startLine: 1, endLine: lines.length };
const snippet = '  const name = req.query.name;\n  const sql = "SELECT * FROM users WHERE name = \'" + name + "\'";\n  return db.query(sql);';

describe('anchorIssue', () => {
  const table: { name: string; line?: number; codeSnippet: string; scope?: AnchorScope; expected: ReturnType<typeof anchorIssue> }[] = [
    { name: 'keeps a line that is one of the quoted lines', line: 5, codeSnippet: snippet, expected: { kind: 'kept', line: 5 } },
    { name: 'keeps a context line of a matching snippet', line: 4, codeSnippet: snippet, expected: { kind: 'kept', line: 4 } },
    { name: 'corrects a miscounted line to the snippet middle', line: 9, codeSnippet: snippet, expected: { kind: 'corrected', line: 5 } },
    { name: 'places an issue without a line by its snippet', codeSnippet: snippet, expected: { kind: 'corrected', line: 5 } },
    { name: 'corrects a line past the end', line: 40, codeSnippet: 'const sql = "SELECT * FROM users WHERE name = \'" + name + "\'";', expected: { kind: 'corrected', line: 5 } },
    { name: 'ignores copied prefixes, indentation and ellipses (two lines: the first)', line: 1, codeSnippet: '4|     const name   = req.query.name;\n...\n5| const sql = "SELECT * FROM users WHERE name = \'" + name + "\'";', expected: { kind: 'corrected', line: 4 } },
    { name: 'picks the occurrence nearest the reported line', line: 11, codeSnippet: 'return db.query(sql);', expected: { kind: 'corrected', line: 10 } },
    { name: 'matches a long fragment of a line', line: 30, codeSnippet: 'SELECT * FROM users WHERE name', expected: { kind: 'corrected', line: 5 } },
    { name: 'keeps an in-range line when the snippet is a paraphrase', line: 6, codeSnippet: 'db.query(userControlledSql)', expected: { kind: 'kept', line: 6 } },
    { name: 'drops an out-of-range line whose snippet matches nothing', line: 99, codeSnippet: 'eval(userInput)', expected: { kind: 'dropped' } },
    { name: 'drops a lineless issue whose snippet matches nothing', codeSnippet: 'eval(userInput)', expected: { kind: 'dropped' } },
    { name: 'keeps an in-range line without a snippet', line: 3, codeSnippet: '', expected: { kind: 'kept', line: 3 } },
    { name: 'drops an out-of-range line without a snippet', line: 12, codeSnippet: '', expected: { kind: 'dropped' } },
    { name: 'places a lineless, snippetless issue on the first line shown', codeSnippet: '', scope: { lines, startLine: 3, endLine: 7 }, expected: { kind: 'file_level', line: 3 } },
    { name: 'only searches the range shown', line: 2, codeSnippet: 'return db.query(sql);', scope: { lines, startLine: 8, endLine: 11 }, expected: { kind: 'corrected', line: 10 } },
    { name: 'treats a short quote as proof of nothing', line: 50, codeSnippet: '}', expected: { kind: 'dropped' } },
  ];
  for (const c of table) {
    it(c.name, () => {
      const issue = c.line === undefined ? { codeSnippet: c.codeSnippet } : { line: c.line, codeSnippet: c.codeSnippet };
      assert.deepEqual(anchorIssue(issue, c.scope ?? whole), c.expected);
    });
  }

  it('matches a snippet quoted with hidden characters written out, as the prompt showed them', () => {
    const scope: AnchorScope = { lines: ['const a = 1;', '/* \u202e } \u2066if (isAdmin)\u2069 */', 'run();'], startLine: 1, endLine: 3 };
    assert.deepEqual(anchorIssue({ line: 3, codeSnippet: '/* <U+202E> } <U+2066>if (isAdmin)<U+2069> */' }, scope), { kind: 'corrected', line: 2 });
  });
});

