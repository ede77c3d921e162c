import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

/** The budget for the JavaScript a first visit downloads before any page chunk: the entry and its static imports. */
const initialJsBudgetBytes = 300 * 1024;

interface ChunkLike {
  type: 'chunk' | 'asset';
  fileName: string;
  isEntry?: boolean;
  imports?: string[];
  code?: string;
}

/** Prints the gzipped size of the initial JavaScript after a build and fails the build above the budget. */
function initialJsBudget(): Plugin {
  return {
    name: 'xcr-initial-js-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = bundle as unknown as Record<string, ChunkLike>;
      const initial = new Set<string>();
      const visit = (fileName: string): void => {
        if (initial.has(fileName)) return;
        const chunk = chunks[fileName];
        if (!chunk || chunk.type !== 'chunk') return;
        initial.add(fileName);
        for (const imported of chunk.imports ?? []) visit(imported);
      };
      for (const chunk of Object.values(chunks)) if (chunk.type === 'chunk' && chunk.isEntry) visit(chunk.fileName);
      let rawBytes = 0;
      let gzipBytes = 0;
      for (const fileName of initial) {
        const code = chunks[fileName]?.code ?? '';
        rawBytes += Buffer.byteLength(code);
        gzipBytes += gzipSync(code, { level: 9 }).length;
      }
      const kb = (n: number): string => (n / 1024).toFixed(1);
      this.info(`initial JS: ${initial.size} files, ${kb(rawBytes)} kB, ${kb(gzipBytes)} kB gzipped (budget ${kb(initialJsBudgetBytes)} kB)`);
      // Printed plainly too, so CI logs carry the figure whatever vite's log level.
      process.stdout.write(`\nInitial JS: ${kb(gzipBytes)} kB gzipped (${kb(rawBytes)} kB raw, ${initial.size} files; budget ${kb(initialJsBudgetBytes)} kB)\n`);
      if (gzipBytes > initialJsBudgetBytes) this.error(`initial JS is ${kb(gzipBytes)} kB gzipped, above the ${kb(initialJsBudgetBytes)} kB budget`);
    },
  };
}

/**
 * Writes `.gz` and `.br` beside each text file of the build, which the server sends as they are to browsers that
 * accept them (no compression work per request).
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'xcr-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir.startsWith('/') ? config.build.outDir : join(config.root, config.build.outDir);
    },
    writeBundle(_options, bundle) {
      for (const fileName of [...Object.keys(bundle), 'favicon.svg']) {
        if (!/\.(js|css|html|svg|json)$/.test(fileName)) continue;
        const path = join(outDir, fileName);
        let content: Buffer;
        try {
          content = readFileSync(path);
        } catch {
          continue;
        }
        if (content.length < 1024) continue;
        writeFileSync(`${path}.gz`, gzipSync(content, { level: 9 }));
        writeFileSync(`${path}.br`, brotliCompressSync(content, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 10 } }));
      }
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), tailwindcss(), initialJsBudget(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    assetsDir: 'assets',
  },
  server: {
    proxy: {
      '/api': { target: process.env.XCR_API_URL ?? 'http://127.0.0.1:8000', ws: true },
    },
  },
});
