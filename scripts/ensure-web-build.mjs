#!/usr/bin/env node
// Builds the web app before `npm start` when apps/web/dist is missing or older than its sources, so a fresh clone
// serves a working UI. Without the build tools (a production install), it says so and lets the server start.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const web = join(root, 'apps/web');
const builtIndex = join(web, 'dist/index.html');
const sources = [join(web, 'src'), join(web, 'index.html'), join(web, 'vite.config.ts'), join(web, 'public'), join(root, 'packages/contracts/src')];

/** The newest modification time under `path` (a file or a folder), 0 when it does not exist. */
function newestMtimeMs(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name.endsWith('.test.ts') || name.endsWith('.test.tsx')) continue;
    newest = Math.max(newest, newestMtimeMs(join(path, name)));
  }
  return newest;
}

const builtAt = existsSync(builtIndex) ? statSync(builtIndex).mtimeMs : 0;
const sourcesAt = Math.max(...sources.map(newestMtimeMs));
if (builtAt > 0 && builtAt >= sourcesAt && !process.argv.includes('--force')) process.exit(0);

const vite = join(root, 'node_modules/.bin/vite');
if (!existsSync(vite)) {
  console.warn(builtAt > 0 ? 'web app sources changed but vite is not installed; serving the existing build' : 'web app not built and vite is not installed; the server will answer / with JSON only');
  process.exit(0);
}
console.log(builtAt > 0 ? 'web app sources changed: building apps/web' : 'building the web app (apps/web) once');
const result = spawnSync(vite, ['build', '--logLevel', 'warn'], { cwd: web, stdio: 'inherit' });
process.exit(result.status ?? 1);
