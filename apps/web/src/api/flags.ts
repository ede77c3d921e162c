// Feature flags as the API evaluates them for the signed-in user.
import { useQuery } from '@tanstack/react-query';
import { useSession } from './session.tsx';

/** Flag keys the web app reads. */
export const webFlags = {
  websocketUpdates: 'USE_WEBSOCKET_UPDATES',
  migrationUi: 'SHOW_MIGRATION_UI',
  dataMigration: 'ENABLE_DATA_MIGRATION',
} as const;

/** Every flag, on or off for the caller; empty until loaded or without a session. */
export function useFlags(): Record<string, boolean> {
  const { api, isSignedIn } = useSession();
  const query = useQuery({ queryKey: ['flags'], queryFn: () => api.flags.evaluate(), enabled: isSignedIn, staleTime: 60_000 });
  return query.data?.flags ?? {};
}

/** Whether one flag is on for the caller (off until the flags are loaded). */
export function useFlag(key: string): boolean {
  return useFlags()[key] === true;
}
