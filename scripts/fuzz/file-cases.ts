/**
 * Bodies for the routes that read whole files, which the document gives no body schema for: the migration routes
 * (an export, as JSON or the multipart field `file`) and the project upload (a ZIP in `file`). Real files are
 * taken and broken: every string poisoned, numbers at the edges, values of the wrong type, nesting thousands deep;
 * archives cut short, with hostile names, with a lying size.
 */
import { readFileSync } from 'node:fs';
import { migrationFixtures } from '@xcr/core/migration/fixtures/index';
import { zipOf } from '@xcr/server/http/routes/audit-test-kit';
import { deepArrayText, multipartFile, type BodyCase } from './body-cases.ts';
import { hostileNumbers, hostileStrings } from './schema-values.ts';
import type { Random } from './random.ts';

const json = 'application/json';
const placeholder = 'fuzz-deep-placeholder';

type Reviver = (key: string, value: unknown) => unknown;

/** The ways a file's values are broken, each applied to every value it matches. */
function poisons(random: Random): Array<[string, Reviver]> {
  const keep = (key: string) => key === 'version' || key === 'format';
  return [
    [
      'hostile strings',
      (key, v) =>
        typeof v === 'string' && !keep(key) ? `${v}${random.pick(hostileStrings).slice(0, 200)}\u0000` : v,
    ],
    ['edge numbers', (key, v) => (typeof v === 'number' && !keep(key) ? random.pick(hostileNumbers) : v)],
    ['strings as numbers', (key, v) => (typeof v === 'string' && !keep(key) ? 1e21 : v)],
    ['numbers as objects', (key, v) => (typeof v === 'number' && !keep(key) ? { n: [v] } : v)],
    ['nulls', (key, v) => (v !== null && typeof v !== 'object' && !keep(key) ? null : v)],
    ['deep nesting', (key, v) => (typeof v === 'string' && key === 'name' ? placeholder : v)],
  ];
}

/** Each migration fixture, broken each way, as a JSON body and as a multipart file. */
export function migrationFileCases(random: Random): BodyCase[] {
  const cases: BodyCase[] = [];
  for (const fixture of migrationFixtures) {
    const text = readFileSync(fixture.path, 'utf8');
    const name = fixture.path.split('/').pop() ?? 'export.json';
    for (const [label, reviver] of poisons(random)) {
      const broken = JSON.stringify(JSON.parse(text, reviver)).replaceAll(
        `"${placeholder}"`,
        deepArrayText(20_000),
      );
      cases.push({ label: `${name}, ${label}`, body: broken, contentType: json });
      cases.push({
        label: `${name}, ${label}, multipart`,
        ...multipartFile('file', name, Buffer.from(broken)),
      });
    }
    cases.push({
      label: `${name}, enveloped`,
      body: JSON.stringify({ data: JSON.parse(text), skip_existing: 'yes' }),
      contentType: json,
    });
  }
  return cases;
}

/** ZIP archives: valid, cut short, with hostile entry names, empty, with a lying declared size. */
export async function archiveCases(): Promise<BodyCase[]> {
  const valid = await zipOf({ 'src/a.js': 'eval(req.query.x);\n', 'README.md': '# fuzz\n' });
  const archives: Array<[string, Buffer]> = [
    ['valid archive', valid],
    ['archive cut in half', valid.subarray(0, Math.floor(valid.length / 2))],
    ['archive without its directory', valid.subarray(0, valid.length - 22)],
    ['empty archive', await zipOf({})],
    [
      'hostile names',
      await zipOf([
        { name: '../../escape.js', data: Buffer.from('x') },
        { name: 'a\u0000b.js', data: Buffer.from('x') },
        { name: `${'d/'.repeat(300)}deep.js`, data: Buffer.from('x') },
        { name: '名前/💥.py', data: Buffer.from('print(1)') },
      ]),
    ],
    [
      'lying size',
      await zipOf([{ name: 'big.txt', data: Buffer.from('small'), declaredUncompressedSize: 2 ** 31 }]),
    ],
    ['symlink', await zipOf([{ name: 'link', data: Buffer.from('/etc/passwd'), unixMode: 0o120777 }])],
  ];
  return archives.flatMap(([label, data]) => [
    { label, ...multipartFile('file', 'code.zip', data) },
    {
      label: `${label}, file name with a path`,
      ...multipartFile('file', '../../..\\evil<script>.zip', data),
    },
  ]);
}
