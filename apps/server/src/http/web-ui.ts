// The built web app (apps/web/dist) served by the API process: hashed assets cached for good, every other path a
// browser asks for answered with index.html so the app's own router takes it, and the API, probes and metrics
// never shadowed (their unknown paths stay JSON 404s).
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { productName, productVersion } from '../version.ts';
import type { HttpApp } from './types.ts';

/** Where `npm run build:web` writes the app, relative to this file. */
export const defaultWebRoot = new URL('../../../web/dist/', import.meta.url).pathname;

/** Whether a built app is there to serve. */
export function hasWebBuild(root: string): boolean {
  return existsSync(join(root, 'index.html'));
}

/** Paths the app never answers: they belong to the API, the probes, the metrics and the API docs. */
export function isReservedPath(pathname: string): boolean {
  return (
    pathname === '/api' ||
    pathname.startsWith('/api/') ||
    pathname === '/health' ||
    pathname === '/ready' ||
    pathname === '/metrics' ||
    pathname.startsWith('/health/') ||
    pathname.startsWith('/ready/') ||
    pathname.startsWith('/metrics/')
  );
}

function acceptsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

/** Content-hashed file names under assets/ never change, so browsers keep them; everything else is revalidated. */
function cacheHeaders(reply: FastifyReply, filePath: string): void {
  const isHashedAsset = filePath.split(sep).includes('assets');
  reply.header('Cache-Control', isHashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache');
}

async function isFileIn(root: string, relative: string): Promise<boolean> {
  const full = normalize(join(root, relative));
  if (!full.startsWith(normalize(root + sep))) return false;
  try {
    return (await stat(full)).isFile();
  } catch {
    return false;
  }
}

/**
 * Serves the app at `/`. `GET /` gives the app to browsers and the product's `{name, version, docs}` to anything
 * that does not ask for HTML, as it did before the app existed.
 */
export async function registerWebUi(app: HttpApp, root: string): Promise<void> {
  await app.register(fastifyStatic, { root, serve: false, preCompressed: true, cacheControl: false, setHeaders: cacheHeaders, index: false });

  async function answer(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const pathname = request.url.split('?')[0] ?? '/';
    if (isReservedPath(pathname)) return reply.callNotFound();
    let relative: string;
    try {
      relative = decodeURIComponent(pathname).replace(/^\/+/, '');
    } catch {
      return reply.callNotFound();
    }
    if (relative !== '' && !relative.includes('\0') && (await isFileIn(root, relative))) return reply.sendFile(relative);
    if (acceptsHtml(request)) return reply.sendFile('index.html');
    if (pathname === '/') return { name: productName, version: productVersion, docs: '/api/v1/docs' };
    return reply.callNotFound();
  }

  app.get('/', { schema: { hide: true } }, answer);
  app.get('/*', { schema: { hide: true } }, answer);
}
