// Every rule ships a vulnerable and a safe fixture in fixtures/<rule-id>/: each `vulnerable.*` file must make
// the rule fire and each `safe.*` file must not. Files run through the full engine (all rules, suppression and
// de-duplication included), as a scan would run them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Language } from '@xcr/contracts';
import { createRulesEngine } from './engine.ts';
import { allRules } from './registry.ts';

const fixturesDir = join(import.meta.dirname, 'fixtures');
const engine = createRulesEngine({ rules: allRules });

const languageByExtension: Record<string, Language> = {
  js: 'javascript', jsx: 'javascript', mjs: 'javascript', cjs: 'javascript', ts: 'typescript', tsx: 'typescript',
  py: 'python', java: 'java', go: 'go', php: 'php', rb: 'ruby', cs: 'csharp', yml: 'yaml', yaml: 'yaml',
  json: 'json', xml: 'xml', properties: 'properties', env: 'shell', sh: 'shell', toml: 'toml',
};

function languageOf(file: string, fallback: Language): Language {
  const extension = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
  return languageByExtension[extension] ?? fallback;
}

function hitsFor(ruleId: string, dir: string, file: string, fallback: Language): number {
  const path = `fixtures/${ruleId}/${file}`;
  const content = readFileSync(join(dir, file), 'utf8');
  const result = engine.analyzeDetailed({ path, language: languageOf(file, fallback), content, project: { properties: new Map() } });
  assert.deepEqual(result.ruleErrors.filter((error) => error.ruleId === ruleId), [], `rule ${ruleId} failed on ${file}`);
  return result.hits.filter((hit) => hit.ruleId === ruleId).length;
}

describe('rule fixtures', () => {
  it('every rule compiles', () => {
    assert.deepEqual(engine.brokenRules, []);
  });

  for (const rule of allRules) {
    describe(rule.id, () => {
      const dir = join(fixturesDir, rule.id);
      const files = existsSync(dir) ? readdirSync(dir) : [];
      const vulnerable = files.filter((file) => file.startsWith('vulnerable.'));
      const safe = files.filter((file) => file.startsWith('safe.'));
      const fallback = rule.languages[0] ?? 'javascript';

      it('has a vulnerable and a safe fixture', () => {
        assert.ok(vulnerable.length > 0, `missing fixtures/${rule.id}/vulnerable.*`);
        assert.ok(safe.length > 0, `missing fixtures/${rule.id}/safe.*`);
      });
      for (const file of vulnerable) {
        it(`fires on ${file}`, () => {
          assert.ok(hitsFor(rule.id, dir, file, fallback) >= 1, `${rule.id} found nothing in ${file}`);
        });
      }
      for (const file of safe) {
        it(`stays quiet on ${file}`, () => {
          assert.equal(hitsFor(rule.id, dir, file, fallback), 0, `${rule.id} fired on ${file}`);
        });
      }
    });
  }
});
