// Renders the kustomize overlays with the kubectl of the machine (no cluster needed) and reads YAML files.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** The repository root. */
export const repoRoot = new URL('../../', import.meta.url).pathname;

/** A rendered Kubernetes object, loosely typed: tests narrow what they read. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  [key: string]: unknown;
}

/** The kustomizations CI renders. */
export const kustomizations = ['deploy/k8s/base', 'deploy/k8s/overlays/staging', 'deploy/k8s/overlays/production'] as const;

/** Parses a multi-document YAML text, failing on any syntax error. */
export function parseYamlDocuments(text: string, source: string): K8sObject[] {
  const out: K8sObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`${source}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value = doc.toJS() as K8sObject | null;
    if (value) out.push(value);
  }
  return out;
}

/** `kubectl kustomize <dir>` parsed into objects. Throws with kubectl's message when rendering fails. */
export function renderKustomization(dir: string): K8sObject[] {
  const text = execFileSync('kubectl', ['kustomize', join(repoRoot, dir)], { encoding: 'utf8', maxBuffer: 32 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  return parseYamlDocuments(text, dir);
}

/** Reads and parses a YAML file of the repository. */
export function readYamlFile(path: string): K8sObject[] {
  return parseYamlDocuments(readFileSync(join(repoRoot, path), 'utf8'), path);
}

/** Whether `kubectl` with kustomize can run here. */
export function hasKubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
