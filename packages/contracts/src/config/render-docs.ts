import { describeConfig, type EnvVarDoc } from './load-config.ts';
import { secretEnvNames } from './subsystems.ts';

const subsystemTitles: Record<string, string> = {
  http: 'HTTP server',
  db: 'Database and data folder',
  queue: 'Queue, cache and pub/sub',
  storage: 'Object storage',
  auth: 'Authentication and secrets',
  log: 'Logging and roles',
};

function groups(): Map<string, EnvVarDoc[]> {
  const out = new Map<string, EnvVarDoc[]>();
  for (const doc of describeConfig()) out.set(doc.subsystem, [...(out.get(doc.subsystem) ?? []), doc]);
  return out;
}

/** `.env.example`, generated from the configuration schema (a test fails when the file is stale). */
export function renderEnvExample(): string {
  const lines = [
    '# XCodeReviewer configuration. Generated from the configuration schema by `npm run gen:config-docs`; do not edit.',
    '# Every variable is optional: unset, the embedded defaults apply. See docs/configuration.md.',
  ];
  for (const [subsystem, docs] of groups()) {
    lines.push('', `# --- ${subsystemTitles[subsystem] ?? subsystem} ---`);
    for (const doc of docs) {
      lines.push(`# ${doc.description}`);
      lines.push(`# ${doc.name}=${doc.defaultValue ?? ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** `docs/configuration.md`, generated from the configuration schema. */
export function renderConfigurationDoc(): string {
  const secret = new Set<string>(secretEnvNames);
  const lines = [
    '# Configuration',
    '',
    '<!-- Generated from packages/contracts/src/config by `npm run gen:config-docs`; do not edit. -->',
    '',
    'Configuration comes from environment variables, and optionally from a file named by `XCR_CONFIG_FILE` (YAML or',
    'JSON, a map of the same variable names; the environment wins). Each app loads it once at start; on any problem',
    'the process lists every problem and exits non-zero.',
    '',
    'Run mode follows from what is set: `DATABASE_URL` switches from the embedded PGlite database to PostgreSQL,',
    '`REDIS_URL` from pg-boss and in-process cache/pub-sub to BullMQ and Redis, `XCR_S3_*` from the data folder to',
    'S3-compatible storage.',
  ];
  for (const [subsystem, docs] of groups()) {
    lines.push('', `## ${subsystemTitles[subsystem] ?? subsystem}`, '', '| Variable | Default | Description |', '|---|---|---|');
    for (const doc of docs) {
      const def = doc.defaultValue === undefined || doc.defaultValue === '' ? '—' : `\`${doc.defaultValue}\``;
      const mark = secret.has(doc.name) ? ' **Secret.**' : '';
      lines.push(`| \`${doc.name}\` | ${def} | ${doc.description.replace(/\|/g, '\\|')}${mark} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
