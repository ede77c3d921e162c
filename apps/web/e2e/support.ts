// What the browser tests need around the browser: the real embedded server started as the README does, a ZIP of
// known-vulnerable files, and Chromium from Debian launched headless.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';

/** The repository root. */
export const repoRoot = new URL('../../../', import.meta.url).pathname;

/** A running `xcr serve`. */
export interface RunningServer {
  baseUrl: string;
  stop(): Promise<void>;
}

/** Builds the web app when its build is missing or stale (as `npm start` does). */
export function ensureWebBuild(): void {
  const result = spawnSync(process.execPath, [join(repoRoot, 'scripts/ensure-web-build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the web app did not build');
}

/** Starts the embedded server on a free port with a fresh data folder and the given admin password. */
export function startServer(adminPassword: string, extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'xcr-web-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [join(repoRoot, 'apps/cli/bin/xcr.js'), 'serve'], {
    cwd: repoRoot,
    env: { ...process.env, XCR_DATA_DIR: dataDir, XCR_PORT: '0', XCR_HOST: '127.0.0.1', XCR_ADMIN_PASSWORD: adminPassword, XCR_LOG_LEVEL: 'info', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  async function stop(): Promise<void> {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
  return new Promise((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      buffer += d.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        try {
          const entry = JSON.parse(line) as { msg?: string; port?: number };
          if (entry.msg === 'server started') resolve({ baseUrl: `http://127.0.0.1:${entry.port}`, stop });
        } catch {
          // not a log line
        }
      }
    });
    void exited.then((code) => {
      rmSync(dataDir, { recursive: true, force: true });
      reject(new Error(`server exited early (${code}): ${stderr.slice(-2000)}`));
    });
  });
}

/** Debian's Chromium (apt-get install chromium), or the browser named by XCR_CHROMIUM. */
export const chromiumPath = process.env.XCR_CHROMIUM ?? '/usr/bin/chromium';

/** Launches Debian's Chromium headless with the flags that work in containers. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** A ZIP archive (deflated entries) of path -> text. */
export function zipOf(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const nameBytes = Buffer.from(name);
    const data = Buffer.from(text);
    const packed = deflateRawSync(data);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A small shop with a Python SQL injection and a JavaScript eval of request input, plus clean files to read. */
export function vulnerableShop(cleanFiles = 60): Record<string, string> {
  const files: Record<string, string> = {
    'app/users.py': [
      'import sqlite3',
      'from flask import Flask, request',
      '',
      'app = Flask(__name__)',
      '',
      '@app.route("/user")',
      'def user():',
      '    name = request.args.get("name")',
      '    conn = sqlite3.connect("app.db")',
      '    cur = conn.cursor()',
      '    cur.execute("SELECT * FROM users WHERE name = \'" + name + "\'")',
      '    return str(cur.fetchall())',
      '',
    ].join('\n'),
    'web/calc.js': [
      "const express = require('express');",
      'const app = express();',
      '',
      "app.get('/calc', (req, res) => {",
      '  const result = eval(req.query.expr);',
      '  res.send(String(result));',
      '});',
      '',
      'app.listen(3000);',
      '',
    ].join('\n'),
  };
  for (let i = 0; i < cleanFiles; i++) {
    let text = '';
    for (let j = 0; j < 12; j++) text += `export function handler${i}_${j}(value) {\n  const n = Number(value) + ${j};\n  return n > ${j} ? n : ${j};\n}\n`;
    files[`lib/pkg${Math.floor(i / 20)}/mod${i}.js`] = text;
  }
  return files;
}
