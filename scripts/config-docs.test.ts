import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { renderConfigurationDoc, renderEnvExample } from '@xcr/contracts';

const root = new URL('..', import.meta.url).pathname;

describe('generated configuration docs', () => {
  it('.env.example matches the schema (run `npm run gen:config-docs` when this fails)', () => {
    assert.equal(readFileSync(`${root}.env.example`, 'utf8'), renderEnvExample());
  });

  it('docs/configuration.md matches the schema (run `npm run gen:config-docs` when this fails)', () => {
    assert.equal(readFileSync(`${root}docs/configuration.md`, 'utf8'), renderConfigurationDoc());
  });

  it('documents every fixed variable name', () => {
    const doc = renderConfigurationDoc();
    for (const name of ['XCR_PORT', 'XCR_HOST', 'XCR_DATA_DIR', 'DATABASE_URL', 'REDIS_URL', 'XCR_S3_ENDPOINT', 'XCR_S3_BUCKET',
      'XCR_S3_ACCESS_KEY', 'XCR_S3_SECRET_KEY', 'XCR_ADMIN_EMAIL', 'XCR_ADMIN_PASSWORD', 'XCR_SECRET_KEY', 'XCR_ENCRYPTION_KEY']) {
      assert.match(doc, new RegExp(`\\| \`${name}\` \\|`), name);
    }
  });
});
