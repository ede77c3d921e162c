/** Planning a native export. Parents are found by the exporting instance's ids; rows are keyed by `source_key ?? id`. */
import type { SourceCollections } from './formats.ts';
import type { PlanItem } from './import-rows.ts';
import { mapNativeComment, mapNativeFinding, mapNativeInstantAnalysis, mapNativeProject, mapNativeTask, nativeKey } from './map-native.ts';
import { NativeComment, NativeFinding, NativeInstantAnalysis, NativeProject, NativeTask } from './native-format.ts';
import type { PlanBuilder } from './plan-builder.ts';

/** Both the id and the import key identify a record: a second record matching either is a duplicate. */
function keysOf(record: { id: string; source_key: string | null }): string[] {
  return record.source_key && record.source_key !== record.id ? [`id:${record.id}`, `key:${record.source_key}`] : [`id:${record.id}`, `key:${record.id}`];
}

/** Rows and quarantine items of a native export, in write order. */
export function planNative(c: SourceCollections, b: PlanBuilder): PlanItem[] {
  const owner = b.ownerId;
  const items: PlanItem[] = [];
  const push = (item: PlanItem) => items.push(item);

  const projects = new Map<string, string>();
  b.eachValid(c.projects, 'project', NativeProject, keysOf, (record, path) => {
    const row = mapNativeProject(record, owner, path, (at, code, message) => b.warn(at, code, message));
    projects.set(record.id, row.id);
    push({ type: 'project', row });
  }, push);

  const tasks = new Map<string, { id: string; project_id: string }>();
  b.eachValid(c.tasks, 'task', NativeTask, keysOf, (record, path, raw) => {
    const projectId = projects.get(record.project_id);
    if (!projectId) {
      push(b.quarantine('task', nativeKey(record), 'task_project_missing', path, `${path}: project ${record.project_id} is not in the file or could not be imported`, raw));
      return;
    }
    const row = mapNativeTask(record, owner, projectId);
    tasks.set(record.id, { id: row.id, project_id: projectId });
    push({ type: 'task', row });
  }, push);

  const findings = new Map<string, string>();
  b.eachValid(c.issues, 'issue', NativeFinding, keysOf, (record, path, raw) => {
    const task = tasks.get(record.task_id);
    if (!task) {
      push(b.quarantine('issue', nativeKey(record), 'issue_task_missing', path, `${path}: task ${record.task_id} is not in the file or could not be imported`, raw));
      return;
    }
    const row = mapNativeFinding(record, owner, task);
    findings.set(record.id, row.id);
    push({ type: 'issue', row });
  }, push);

  b.eachValid(c.comments, 'comment', NativeComment, keysOf, (record, path, raw) => {
    const findingId = findings.get(record.finding_id);
    if (!findingId) {
      push(b.quarantine('comment', nativeKey(record), 'comment_issue_missing', path, `${path}: finding ${record.finding_id} is not in the file or could not be imported`, raw));
      return;
    }
    push({ type: 'comment', row: mapNativeComment(record, owner, findingId) });
  }, push);

  b.eachValid(c.instantAnalyses, 'instant_analysis', NativeInstantAnalysis, keysOf, (record) => {
    push({ type: 'instant_analysis', row: mapNativeInstantAnalysis(record, owner) });
  }, push);

  return items;
}
