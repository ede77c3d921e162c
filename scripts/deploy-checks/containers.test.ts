import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { describeConfig, secretEnvNames } from '@xcr/contracts';
import { repoRoot } from './render.ts';

const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');

interface Instruction {
  stage: string;
  op: string;
  args: string;
}

/** Dockerfile instructions with line continuations joined and comments dropped, tagged with their stage. */
function dockerfileInstructions(text: string): Instruction[] {
  const joined = text.replace(/\\\n/g, ' ').split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
  const out: Instruction[] = [];
  let stage = '';
  for (const line of joined) {
    const m = /^\s*([A-Z]+)\s+(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === 'FROM') stage = /\bAS\s+(\S+)/i.exec(m[2]!)?.[1] ?? '';
    out.push({ stage, op: m[1]!, args: m[2]!.trim() });
  }
  return out;
}

describe('Dockerfile (linted structurally: no Docker engine on this machine to build it)', () => {
  const instructions = dockerfileInstructions(read('deploy/docker/Dockerfile'));
  const stage = (name: string) => instructions.filter((i) => i.stage === name);

  it('is multi-stage, with pinned base images', () => {
    const froms = instructions.filter((i) => i.op === 'FROM');
    assert.ok(froms.length >= 4, 'dependency, build and runtime stages');
    assert.deepEqual(froms.map((f) => f.stage), ['manifests', 'deps', 'web-build', 'app', 'web']);
    const nodeImage = instructions.find((i) => i.op === 'ARG' && i.args.startsWith('NODE_IMAGE='))?.args ?? '';
    assert.match(nodeImage, /^NODE_IMAGE=node:20\.\d+-bookworm-slim$/);
    for (const f of froms) assert.doesNotMatch(f.args, /:latest\b/, `${f.stage}: pinned`);
    assert.ok(stage('deps').some((i) => i.op === 'RUN' && i.args.includes('npm ci --omit=dev')), 'the runtime gets production dependencies only');
  });

  it('runs the app as a non-root user with a health check, one image for every role', () => {
    const app = stage('app');
    const user = app.filter((i) => i.op === 'USER').pop()?.args ?? '';
    assert.ok(user && !/^(root|0)(:|$)/.test(user), `USER ${user} is not root`);
    assert.match(user, /^\d+:\d+$/, 'a numeric uid:gid, so runAsNonRoot can verify it');
    const health = app.find((i) => i.op === 'HEALTHCHECK')?.args ?? '';
    assert.match(health, /\/health/);
    assert.match(app.find((i) => i.op === 'ENTRYPOINT')?.args ?? '', /"node", "apps\/cli\/bin\/xcr\.js"/);
    assert.match(app.find((i) => i.op === 'EXPOSE')?.args ?? '', /^8000$/);
    assert.ok(app.some((i) => i.op === 'RUN' && i.args.includes('postgresql-client-15')), 'pg_dump for the backup CronJob');
    const web = stage('web');
    assert.match(web.filter((i) => i.op === 'USER').pop()?.args ?? '', /^101$/);
    assert.ok(web.some((i) => i.op === 'HEALTHCHECK'));
  });

  it('copies only paths that exist, and never secrets', () => {
    for (const i of instructions.filter((x) => x.op === 'COPY' && !x.args.includes('--from='))) {
      const parts = i.args.split(/\s+/).filter((p) => !p.startsWith('--'));
      for (const source of parts.slice(0, -1)) {
        if (source === '.') continue;
        assert.ok(existsSync(join(repoRoot, source)), `COPY ${source} exists`);
        assert.doesNotMatch(source, /\.env|secret/i, `COPY ${source}`);
      }
    }
    for (const i of instructions.filter((x) => x.op === 'ENV' || x.op === 'ARG')) {
      assert.doesNotMatch(i.args, /(KEY|SECRET|PASSWORD|TOKEN|DATABASE_URL|REDIS_URL)\s*=/i, `${i.op} ${i.args} carries no secret`);
    }
    const ignore = read('deploy/docker/Dockerfile.dockerignore').split('\n');
    for (const entry of ['**/node_modules', '.git', '.env', 'deploy/compose/.env']) assert.ok(ignore.includes(entry), `.dockerignore has ${entry}`);
  });

  it('the backup script the image runs needs production dependencies only', () => {
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const m of readFileSync(file, 'utf8').matchAll(/^import (?!type)[^'"]*['"]([^'"]+)['"]/gm)) {
        const spec = m[1]!;
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
        else if (!spec.startsWith('node:')) {
          const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
          assert.ok(pkg.dependencies[name], `${file.replace(repoRoot, '')} imports ${name}, which must be a production dependency`);
        }
      }
    };
    for (const entry of ['scripts/ops/backup.ts', 'scripts/ops/restore.ts', 'scripts/ops/smoke.ts']) visit(join(repoRoot, entry));
    assert.ok(seen.size >= 5);
  });
});

describe('docker compose file', () => {
  const compose = parse(read('deploy/compose/docker-compose.yml'), { merge: true }) as {
    services: Record<string, { command?: string[]; environment?: Record<string, string>; healthcheck?: unknown; depends_on?: Record<string, { condition: string }>; volumes?: string[]; read_only?: boolean; cap_drop?: string[] }>;
  };
  const services = compose.services;

  it('has the app roles, PostgreSQL, Redis, MinIO, Prometheus, Grafana and Loki', () => {
    for (const name of ['api', 'worker', 'scheduler', 'web', 'migrate', 'postgres', 'redis', 'minio', 'minio-buckets', 'prometheus', 'alertmanager', 'grafana', 'loki', 'promtail']) {
      assert.ok(services[name], `service ${name}`);
    }
    for (const role of ['api', 'worker', 'scheduler'] as const) {
      assert.deepEqual(services[role]!.command, ['serve', '--roles', role]);
      assert.equal(services[role]!.depends_on?.migrate?.condition, 'service_completed_successfully', `${role} starts after the migration`);
      assert.equal(services[role]!.read_only, true);
      assert.deepEqual(services[role]!.cap_drop, ['ALL']);
    }
    assert.deepEqual(services.migrate!.command, ['db', 'migrate', '--json']);
    for (const name of ['postgres', 'redis', 'minio', 'api']) assert.ok(services[name]!.healthcheck, `${name} health check`);
    assert.match(JSON.stringify(services.redis!.command), /maxmemory-policy noeviction/);
  });

  it('takes every secret from the environment file and sets only documented variables', () => {
    const documented = new Set(describeConfig().map((d) => d.name));
    for (const role of ['api', 'worker', 'scheduler', 'migrate']) {
      const env = services[role]!.environment ?? {};
      for (const [key, value] of Object.entries(env)) {
        assert.ok(documented.has(key), `${role}: ${key} is documented in docs/configuration.md`);
        if ((secretEnvNames as readonly string[]).includes(key)) assert.match(String(value), /\$\{[A-Z_]+(:[?-][^}]*)?\}/, `${role}: ${key} comes from the environment`);
      }
    }
    const example = read('deploy/compose/.env.example');
    for (const line of example.split('\n').filter((l) => /^[A-Z_]*(PASSWORD|SECRET_KEY|ENCRYPTION_KEY)=/.test(l))) assert.match(line, /=$/, `${line} is empty in the example`);
    assert.match(read('deploy/compose/.gitignore'), /^\.env$/m);
  });

  it('mounts monitoring files that exist', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const volume of service.volumes ?? []) {
        const host = volume.split(':')[0]!;
        if (!host.startsWith('.')) continue;
        assert.ok(existsSync(join(repoRoot, 'deploy/compose', host)) || host === './alertmanager-secrets', `${name}: ${host} exists`);
      }
    }
  });
});
