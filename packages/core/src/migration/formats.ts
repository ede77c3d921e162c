/**
 * The files an import reads, told apart by their top-level shape:
 * - `v1-backup`: the v1 admin backup `{version: 1, exportDate, profiles, projects, auditTasks}` (no issues);
 * - `v1-export`: the v1 migration export `{version: "1.0", exported_at, projects, tasks, issues}`;
 * - `v1-indexeddb`: a dump of the `xcodereviewer_local` stores (`profiles, projects, project_members,
 *   audit_tasks, audit_issues, instant_analyses`), at the top level or under `stores` or `xcodereviewer_local`;
 * - `native`: this system's export `{format: "xcodereviewer", version: 1, ...}`.
 */
import { ValidationError } from '../errors.ts';

/** The formats an import reads. */
export const importFormats = ['v1-backup', 'v1-export', 'v1-indexeddb', 'native'] as const;
/** One of `importFormats`. */
export type ImportFormat = (typeof importFormats)[number];

/** The records of one collection of the file and where the collection sits (`audit_tasks`, `stores.audit_tasks`). */
export interface SourceCollection {
  path: string;
  items: readonly unknown[];
}

/** A file's collections under common names, whatever the format called them. */
export interface SourceCollections {
  format: ImportFormat;
  profiles: SourceCollection;
  members: SourceCollection;
  projects: SourceCollection;
  tasks: SourceCollection;
  issues: SourceCollection;
  comments: SourceCollection;
  instantAnalyses: SourceCollection;
}

const indexedDbStores = ['profiles', 'projects', 'project_members', 'audit_tasks', 'audit_issues', 'instant_analyses'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function collection(container: Record<string, unknown>, key: string, prefix: string): SourceCollection {
  const path = prefix ? `${prefix}.${key}` : key;
  const value = container[key];
  if (value === undefined || value === null) return { path, items: [] };
  if (!Array.isArray(value)) throw new ValidationError('invalid_format', `${path} must be an array`, { status: 422, details: { path } });
  return { path, items: value };
}

/** Where the stores of an IndexedDB dump are, if `data` is one. */
function indexedDbContainer(data: Record<string, unknown>): { container: Record<string, unknown>; prefix: string } | undefined {
  for (const wrapper of ['stores', 'xcodereviewer_local']) {
    const inner = data[wrapper];
    if (isObject(inner) && indexedDbStores.some((s) => Array.isArray(inner[s]))) return { container: inner, prefix: wrapper };
  }
  const storeKeys = indexedDbStores.filter((s) => Array.isArray(data[s]));
  // `projects` alone is ambiguous; a dump has at least one store only v1's database has.
  if (storeKeys.some((s) => s !== 'projects' && s !== 'profiles')) return { container: data, prefix: '' };
  return undefined;
}

/** Tells the format of a parsed file and returns its collections; 422 `unknown_format` when it is none of them. */
export function readCollections(data: unknown): SourceCollections {
  if (!isObject(data)) throw new ValidationError('unknown_format', 'The file must hold a JSON object', { status: 422 });
  const none: SourceCollection = { path: '', items: [] };
  const empty = (path: string): SourceCollection => ({ path, items: [] });

  if (data.format === 'xcodereviewer') {
    if (data.version !== 1) {
      throw new ValidationError('unsupported_version', `Native export version ${String(data.version)} is not supported (expected 1)`, { status: 422 });
    }
    return {
      format: 'native',
      profiles: none,
      members: none,
      projects: collection(data, 'projects', ''),
      tasks: collection(data, 'tasks', ''),
      issues: collection(data, 'findings', ''),
      comments: collection(data, 'comments', ''),
      instantAnalyses: collection(data, 'instant_analyses', ''),
    };
  }
  if (data.version === '1.0' && (Array.isArray(data.projects) || Array.isArray(data.tasks) || Array.isArray(data.issues))) {
    return {
      format: 'v1-export',
      profiles: none,
      members: none,
      projects: collection(data, 'projects', ''),
      tasks: collection(data, 'tasks', ''),
      issues: collection(data, 'issues', ''),
      comments: none,
      instantAnalyses: none,
    };
  }
  if ((data.version === 1 || data.version === '1') && Array.isArray(data.profiles) && !indexedDbContainer(data)) {
    return {
      format: 'v1-backup',
      profiles: collection(data, 'profiles', ''),
      members: none,
      projects: collection(data, 'projects', ''),
      tasks: collection(data, 'auditTasks', ''),
      issues: empty('issues'),
      comments: none,
      instantAnalyses: none,
    };
  }
  const dump = indexedDbContainer(data);
  if (dump) {
    const { container, prefix } = dump;
    return {
      format: 'v1-indexeddb',
      profiles: collection(container, 'profiles', prefix),
      members: collection(container, 'project_members', prefix),
      projects: collection(container, 'projects', prefix),
      tasks: collection(container, 'audit_tasks', prefix),
      issues: collection(container, 'audit_issues', prefix),
      comments: none,
      instantAnalyses: collection(container, 'instant_analyses', prefix),
    };
  }
  if ('schema_version' in data) {
    throw new ValidationError('unknown_format', 'Files of the v1 backend exporter (schema_version 2.0.0) are not an import format; export from the browser version instead', {
      status: 422,
    });
  }
  throw new ValidationError(
    'unknown_format',
    'Not a known export: expected a v1 backup (version 1 with profiles), a v1 migration export (version "1.0"), a dump of the xcodereviewer_local stores, or a native export',
    { status: 422 },
  );
}
