import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { routesFromTree } from './operations.ts';
import { createRandom } from './random.ts';
import { sampleValue, type JsonSchema } from './schema-values.ts';

/** Shapes as @fastify/swagger writes them for the API's zod schemas. */
const schemas: Record<string, JsonSchema> = {
  project: {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 255 },
      description: { anyOf: [{ type: 'string', maxLength: 5000 }, { type: 'null' }] },
      source_type: { type: 'string', enum: ['github', 'gitlab', 'git', 'zip'] },
      source_url: { type: 'string', minLength: 1, maxLength: 2048 },
      branch: { type: 'string', pattern: '^(?!-)(?!.*\\.\\.)(?!.*\\/\\/)[A-Za-z0-9._/+-]{1,200}(?<![./])$' },
    },
    required: ['name'],
  },
  user: {
    type: 'object',
    properties: {
      email: { type: 'string', format: 'email' },
      username: { type: 'string', minLength: 3, maxLength: 50, pattern: '^[A-Za-z0-9_-]+$' },
      role: { type: 'string', enum: ['admin', 'user', 'viewer'] },
    },
    required: ['email', 'username'],
    additionalProperties: false,
  },
  options: {
    type: 'object',
    properties: {
      timeout_ms: { type: 'integer', minimum: 1000, maximum: 600000 },
      temperature: { type: 'number', minimum: 0, maximum: 2 },
      headers: {
        type: 'object',
        propertyNames: { type: 'string', pattern: '^[A-Za-z0-9-]+$' },
        additionalProperties: { type: 'string', maxLength: 4000 },
      },
    },
  },
  bulk: {
    type: 'object',
    properties: {
      ids: {
        type: 'array',
        minItems: 1,
        maxItems: 500,
        items: { type: 'string', minLength: 1, maxLength: 100 },
      },
      at: { type: 'string', format: 'date-time' },
    },
    required: ['ids'],
  },
  provider: {
    type: 'object',
    properties: {
      base_url: { type: 'string', format: 'uri', maxLength: 500 },
      id: { type: 'string', format: 'uuid' },
    },
    required: ['base_url', 'id'],
  },
};

describe('fuzz values', () => {
  it('draws the same sequence from the same seed, and another from another seed', () => {
    const draw = (seed: number) => {
      const random = createRandom(seed);
      return [random.next(), random.int(1, 100), random.string(8), random.uuid()];
    };
    assert.deepEqual(draw(7), draw(7));
    assert.notDeepEqual(draw(7), draw(8));
    assert.match(String(draw(7)[3]), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('samples values every schema accepts, with stored ids for id fields and loopback URLs only', () => {
    const ajv = new Ajv2020.default({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const random = createRandom(42);
    const ctx = { random, idFor: (name: string) => (name === 'ids' ? 'stored-issue-id' : undefined) };
    for (const [name, schema] of Object.entries(schemas)) {
      const validate = ajv.compile(schema);
      for (let i = 0; i < 50; i += 1) {
        const value = sampleValue(schema, ctx);
        assert.ok(validate(value), `${name}: ${JSON.stringify(value)} ${ajv.errorsText(validate.errors)}`);
      }
    }
    const bulk = sampleValue(schemas.bulk!, ctx) as { ids: string[] };
    assert.ok(bulk.ids.every((id) => id === 'stored-issue-id'));
    for (let i = 0; i < 20; i += 1) {
      const { base_url } = sampleValue(schemas.provider!, ctx) as { base_url: string };
      assert.equal(new URL(base_url).hostname, '127.0.0.1');
    }
  });

  it('reads the routes out of Fastify printRoutes tree, parameters in OpenAPI form, HEAD and OPTIONS left out', () => {
    const tree = [
      '└── /',
      '    ├── api/v1/projects (GET, HEAD, POST)',
      '    │   └── /:id (GET, HEAD, DELETE)',
      '    │       └── /members/:user_id (PUT)',
      '    ├── health (GET, HEAD)',
      '    └── * (OPTIONS)',
    ].join('\n');
    assert.deepEqual(routesFromTree(tree), [
      'GET /api/v1/projects',
      'POST /api/v1/projects',
      'GET /api/v1/projects/{id}',
      'DELETE /api/v1/projects/{id}',
      'PUT /api/v1/projects/{id}/members/{user_id}',
      'GET /health',
    ]);
  });
});
