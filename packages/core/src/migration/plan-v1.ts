/** Planning a v1 file (backup, migration export or IndexedDB dump). */
import type { SourceCollections } from './formats.ts';
import type { ImportProjectRow, PlanItem } from './import-rows.ts';
import { mapV1InstantAnalysis, mapV1Issue, mapV1Project, mapV1Task, type MapContext, type SeverityTally } from './map-v1.ts';
import type { PlanBuilder } from './plan-builder.ts';
import { importRowId } from './row-ids.ts';
import { V1AuditIssue, V1AuditTask, V1InstantAnalysis, V1Project } from './v1-records.ts';

interface PendingTask {
  record: V1AuditTask;
  path: string;
  projectId: string;
}

function isPlanItem(slot: PlanItem | PendingTask): slot is PlanItem {
  return 'type' in slot;
}

/** Rows and quarantine items of a v1 file, in write order. */
export function planV1(c: SourceCollections, b: PlanBuilder): PlanItem[] {
  const ctx: MapContext = { ownerId: b.ownerId, warn: (path, code, message) => b.warn(path, code, message) };
  if (c.profiles.items.length > 0) {
    b.warn(c.profiles.path, 'profiles_mapped_to_owner', `${c.profiles.items.length} v1 profile(s) are not created as accounts: what they owned or resolved belongs to the importing owner`);
  }
  if (c.members.items.length > 0) {
    b.warn(c.members.path, 'members_not_imported', `${c.members.items.length} project member record(s) not imported: every imported project belongs to the importing owner`);
  }

  const projectItems: PlanItem[] = [];
  const projects = new Map<string, ImportProjectRow>();
  b.eachValid(
    c.projects,
    'project',
    V1Project,
    (r) => [r.id],
    (record, path, raw) => {
      const row = mapV1Project(record, path, ctx);
      if ('invalid' in row) {
        projectItems.push(b.quarantine('project', record.id, 'invalid_record', path, `${path}: ${row.invalid}`, raw));
        return;
      }
      projects.set(record.id, row);
      projectItems.push({ type: 'project', row });
    },
    (item) => projectItems.push(item),
  );

  // Tasks are mapped after their issues, whose severities they count; their parents are checked now.
  const taskSlots: Array<PlanItem | PendingTask> = [];
  const tasks = new Map<string, { id: string; project_id: string }>();
  b.eachValid(
    c.tasks,
    'task',
    V1AuditTask,
    (r) => [r.id],
    (record, path, raw) => {
      const project = projects.get(record.project_id);
      if (!project) {
        taskSlots.push(b.quarantine('task', record.id, 'task_project_missing', path, `${path}: project ${record.project_id} is not in the file or could not be imported`, raw));
        return;
      }
      tasks.set(record.id, { id: importRowId(b.ownerId, 'tasks', record.id), project_id: project.id });
      taskSlots.push({ record, path, projectId: project.id });
    },
    (item) => taskSlots.push(item),
  );

  const issueItems: PlanItem[] = [];
  const tallies = new Map<string, SeverityTally>();
  b.eachValid(
    c.issues,
    'issue',
    V1AuditIssue,
    (r) => [r.id],
    (record, path, raw) => {
      const task = tasks.get(record.task_id);
      if (!task) {
        issueItems.push(b.quarantine('issue', record.id, 'issue_task_missing', path, `${path}: task ${record.task_id} is not in the file or could not be imported`, raw));
        return;
      }
      const row = mapV1Issue(record, path, ctx, task);
      if ('invalid' in row) {
        issueItems.push(b.quarantine('issue', record.id, 'invalid_record', path, `${path}: ${row.invalid}`, raw));
        return;
      }
      const tally = tallies.get(record.task_id) ?? { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
      tally[row.severity] += 1;
      tallies.set(record.task_id, tally);
      issueItems.push({ type: 'issue', row });
    },
    (item) => issueItems.push(item),
  );

  const taskItems = taskSlots.map((slot): PlanItem =>
    isPlanItem(slot) ? slot : { type: 'task', row: mapV1Task(slot.record, slot.path, ctx, slot.projectId, tallies.get(slot.record.id)) },
  );

  const analysisItems: PlanItem[] = [];
  b.eachValid(
    c.instantAnalyses,
    'instant_analysis',
    V1InstantAnalysis,
    (r) => [r.id],
    (record, path) => analysisItems.push({ type: 'instant_analysis', row: mapV1InstantAnalysis(record, path, ctx) }),
    (item) => analysisItems.push(item),
  );

  return [...projectItems, ...taskItems, ...issueItems, ...analysisItems];
}
