// Badges for the audit vocabulary: severity, category, triage status, lifecycle, task status. Text always says
// what the colour says.
import type { Category, FindingStatus, Lifecycle, Severity } from '@xcr/contracts/finding';
import type { TaskStatus } from '@xcr/contracts/api/index';
import { useI18n } from '../../i18n/i18n.tsx';
import { Badge, type Tone } from '../ui/misc.tsx';

/** Severities, most severe first. */
export const severities: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
/** Categories in display order. */
export const categories: readonly Category[] = ['security', 'bug', 'performance', 'style', 'maintainability', 'documentation', 'other'];
/** Triage states in display order. */
export const findingStatuses: readonly FindingStatus[] = ['open', 'in_progress', 'resolved', 'ignored', 'false_positive'];
/** Lifecycle flags in display order. */
export const lifecycles: readonly Lifecycle[] = ['new', 'persisting', 'regressed', 'fixed'];
/** Task states in display order. */
export const taskStatuses: readonly TaskStatus[] = ['pending', 'running', 'completed', 'failed', 'cancelled'];

const severityTones: Record<Severity, Tone> = { critical: 'red', high: 'orange', medium: 'amber', low: 'blue', info: 'slate' };
/** A chart colour per severity. */
export const severityColors: Record<Severity, string> = { critical: '#dc2626', high: '#ea580c', medium: '#ca8a04', low: '#2563eb', info: '#64748b' };
const lifecycleTones: Record<Lifecycle, Tone> = { new: 'violet', persisting: 'slate', regressed: 'red', fixed: 'green' };
const statusTones: Record<FindingStatus, Tone> = { open: 'blue', in_progress: 'amber', resolved: 'green', ignored: 'slate', false_positive: 'slate' };
const taskTones: Record<TaskStatus, Tone> = { pending: 'slate', running: 'blue', completed: 'green', failed: 'red', cancelled: 'amber' };

/** The severity of a finding. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  const { t } = useI18n();
  return <Badge tone={severityTones[severity]}>{t(`severity.${severity}`)}</Badge>;
}

/** The category of a finding. */
export function CategoryBadge({ category }: { category: Category }) {
  const { t } = useI18n();
  return <Badge tone="slate">{t(`category.${category}`)}</Badge>;
}

/** Where a finding stands against the previous audit. */
export function LifecycleBadge({ lifecycle }: { lifecycle: Lifecycle }) {
  const { t } = useI18n();
  return (
    <Badge tone={lifecycleTones[lifecycle]} title={t(`lifecycle.${lifecycle}.hint`)}>
      {t(`lifecycle.${lifecycle}`)}
    </Badge>
  );
}

/** The triage state of a finding. */
export function FindingStatusBadge({ status }: { status: FindingStatus }) {
  const { t } = useI18n();
  return <Badge tone={statusTones[status]}>{t(`findingStatus.${status}`)}</Badge>;
}

/** The state of an audit task. */
export function TaskStatusBadge({ status }: { status: TaskStatus }) {
  const { t } = useI18n();
  return <Badge tone={taskTones[status]}>{t(`taskStatus.${status}`)}</Badge>;
}
