// Live task updates in the query cache: events from the socket patch the cached task and its lists, and invalidate
// findings and results when a run ends. Pages poll instead while the socket is not open.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { TaskEvent, TaskResponse } from '@xcr/contracts/api/index';
import type { Page } from './endpoints.ts';
import { useFlag, webFlags } from './flags.ts';
import { useSession } from './session.tsx';
import { createTaskLive, liveUrl, type LiveState, type TaskLive } from './task-live.ts';

/** Whether a task can still change. */
export function isTaskActive(task: Pick<TaskResponse, 'status'> | undefined): boolean {
  return task?.status === 'pending' || task?.status === 'running';
}

function patchTask(task: TaskResponse, event: TaskEvent): TaskResponse {
  switch (event.type) {
    case 'task_progress': {
      const d = event.data;
      return {
        ...task,
        status: d.status,
        progress: Math.max(task.status === d.status ? task.progress : 0, Math.round(d.progress)),
        current_step: d.current_step,
        files_total: d.files_total ?? task.files_total,
        files_scanned: d.files_scanned ?? task.files_scanned,
        total_issues: d.findings ?? task.total_issues,
      };
    }
    case 'task_completed': {
      const d = event.data;
      return { ...task, status: 'completed', progress: 100, total_issues: d.total_issues, critical_issues: d.critical_issues, high_issues: d.high_issues, medium_issues: d.medium_issues, low_issues: d.low_issues, info_issues: d.info_issues, quality_score: d.quality_score };
    }
    case 'task_failed':
      return { ...task, status: event.data.status, error_message: event.data.error };
    default:
      return task;
  }
}

/** Applies one event to the cache. */
export function applyTaskEvent(queryClient: QueryClient, event: TaskEvent): void {
  const taskId = event.data.task_id;
  queryClient.setQueryData<TaskResponse>(['task', taskId], (task) => (task ? patchTask(task, event) : task));
  queryClient.setQueriesData<Page<TaskResponse>>({ queryKey: ['tasks'] }, (page) =>
    page ? { ...page, items: page.items.map((t) => (t.id === taskId ? patchTask(t, event) : t)) } : page,
  );
  if (event.type === 'finding') {
    void queryClient.invalidateQueries({ queryKey: ['issues', taskId] });
  }
  if (event.type === 'task_completed' || event.type === 'task_failed') {
    for (const key of [['task', taskId], ['tasks'], ['issues', taskId], ['task-results', taskId], ['issue-stats', taskId], ['statistics']]) {
      void queryClient.invalidateQueries({ queryKey: key });
    }
  }
}

const LiveContext = createContext<{ live: TaskLive | null; state: LiveState }>({ live: null, state: 'idle' });

/** Opens the live channel for signed-in users when the websocket flag is on. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const { http, isSignedIn } = useSession();
  const queryClient = useQueryClient();
  const isEnabled = useFlag(webFlags.websocketUpdates) && isSignedIn;
  const [state, setState] = useState<LiveState>('idle');
  const live = useMemo(() => {
    if (!isEnabled || typeof WebSocket === 'undefined') return null;
    return createTaskLive({
      url: async () => {
        const token = await http.freshAccessToken();
        return token ? liveUrl(token) : null;
      },
      onEvent: (event) => applyTaskEvent(queryClient, event),
      onStateChange: setState,
    });
  }, [isEnabled, http, queryClient]);
  useEffect(() => () => live?.close(), [live]);
  return <LiveContext.Provider value={{ live, state: live ? state : 'idle' }}>{children}</LiveContext.Provider>;
}

/**
 * Subscribes to the given tasks while mounted; true while the socket is open (pages poll when false). The ids are
 * compared by value, so a new array with the same ids does not resubscribe.
 */
export function useLiveTasks(taskIds: readonly string[]): boolean {
  const { live, state } = useContext(LiveContext);
  const key = [...taskIds].sort().join(',');
  useEffect(() => {
    if (!live || key === '') return undefined;
    const stops = key.split(',').map((id) => live.subscribe(id));
    return () => stops.forEach((stop) => stop());
  }, [live, key]);
  return live !== null && state === 'open';
}

/** The refetch interval of a task query: polling every 2.5 s while the socket is down, a slow safety net otherwise. */
export function taskPollMs(task: Pick<TaskResponse, 'status'> | undefined, isLive: boolean): number | false {
  if (!isTaskActive(task)) return false;
  return isLive ? 15_000 : 2_500;
}
