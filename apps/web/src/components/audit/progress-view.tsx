// A task's progress: the percentage as a progress bar, the step it is on, files done, and the path through its
// states (queued, running, then completed, failed or cancelled). Whether updates are live or polled is said too.
import type { TaskStatus } from '@xcr/contracts/api/index';
import { useI18n } from '../../i18n/i18n.tsx';
import { TaskStatusBadge } from './badges.tsx';

/** Props of the progress view. */
export interface ProgressViewProps {
  status: TaskStatus;
  /** 0-100. */
  progress: number;
  currentStep: string | null;
  filesScanned?: number;
  filesTotal?: number;
  /** True when updates arrive over the socket, false when they are polled; undefined once the task has ended. */
  isLive?: boolean;
  error?: string | null;
}

type StepState = 'done' | 'current' | 'upcoming' | 'failed';

/** The three stages a task goes through, with the state of each for a task status. */
export function stagesOf(status: TaskStatus): Array<{ key: 'queued' | 'running' | 'finished'; state: StepState; end?: TaskStatus }> {
  const isEnded = status === 'completed' || status === 'failed' || status === 'cancelled';
  return [
    { key: 'queued', state: status === 'pending' ? 'current' : 'done' },
    { key: 'running', state: status === 'running' ? 'current' : isEnded ? 'done' : 'upcoming' },
    {
      key: 'finished',
      state: status === 'completed' ? 'done' : status === 'failed' || status === 'cancelled' ? 'failed' : 'upcoming',
      end: isEnded ? status : undefined,
    },
  ];
}

const dotClass: Record<StepState, string> = {
  done: 'bg-ok border-ok',
  current: 'bg-accent border-accent animate-pulse',
  upcoming: 'bg-transparent border-line',
  failed: 'bg-danger border-danger',
};

/** The progress view. */
export function ProgressView({ status, progress, currentStep, filesScanned, filesTotal, isLive, error }: ProgressViewProps) {
  const { t } = useI18n();
  const percent = Math.max(0, Math.min(100, Math.round(status === 'completed' ? 100 : progress)));
  const isActive = status === 'pending' || status === 'running';
  const barColor = status === 'failed' ? 'bg-danger' : status === 'cancelled' ? 'bg-warn' : status === 'completed' ? 'bg-ok' : 'bg-accent';
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-2">
          <TaskStatusBadge status={status} />
          <span className="text-2xl font-semibold tabular-nums" data-testid="progress-percent">
            {percent}%
          </span>
        </div>
        {isActive && isLive !== undefined && (
          <span className="text-xs text-muted" data-testid="live-mode">
            {isLive ? t('progress.live') : t('progress.polling')}
          </span>
        )}
      </div>
      <div role="progressbar" aria-label={t('progress.label')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-valuetext={`${percent}%`} className="h-2.5 overflow-hidden rounded-full bg-sunken">
        <div className={`h-full rounded-full transition-[width] duration-500 ${barColor}`} style={{ width: `${percent}%` }} />
      </div>
      <div className="flex flex-wrap justify-between gap-2 text-sm">
        <span aria-live="polite" data-testid="current-step">
          {isActive ? (currentStep ?? (status === 'pending' ? t('progress.waiting') : t('progress.starting'))) : status === 'completed' ? t('progress.done') : (error ?? t(`taskStatus.${status}`))}
        </span>
        {filesTotal !== undefined && filesTotal > 0 && <span className="text-muted tabular-nums">{t('progress.files', { scanned: filesScanned ?? 0, total: filesTotal })}</span>}
      </div>
      <ol className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs" aria-label={t('progress.stages')}>
        {stagesOf(status).map((stage, index) => (
          <li key={stage.key} className="flex items-center gap-2" aria-current={stage.state === 'current' ? 'step' : undefined} data-state={stage.state}>
            {index > 0 && <span aria-hidden="true" className="h-px w-6 bg-line" />}
            <span aria-hidden="true" className={`size-2.5 rounded-full border-2 ${dotClass[stage.state]}`} />
            <span className={stage.state === 'upcoming' ? 'text-muted' : ''}>{stage.end ? t(`taskStatus.${stage.end}`) : t(`progress.stage.${stage.key}`)}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
