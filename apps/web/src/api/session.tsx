// The signed-in session: tokens in localStorage, the typed API bound to them, the current user, login and logout.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { UserResponse } from '@xcr/contracts/api/index';
import { navigate } from '../router/router.tsx';
import { createApi, type Api } from './endpoints.ts';
import { createHttpClient, type HttpClient, type SessionTokens, type TokenStore } from './http.ts';

const storageKey = 'xcr.session';

/** Tokens kept in localStorage so a reload keeps the session. */
export function createLocalTokenStore(onChange: (tokens: SessionTokens | null) => void): TokenStore {
  let current: SessionTokens | null = null;
  try {
    const saved = localStorage.getItem(storageKey);
    if (saved) current = JSON.parse(saved) as SessionTokens;
  } catch {
    current = null;
  }
  return {
    get: () => current,
    set(tokens) {
      current = tokens;
      try {
        if (tokens) localStorage.setItem(storageKey, JSON.stringify(tokens));
        else localStorage.removeItem(storageKey);
      } catch {
        // kept in memory only
      }
      onChange(tokens);
    },
  };
}

interface SessionValue {
  api: Api;
  http: HttpClient;
  isSignedIn: boolean;
  /** The signed-in user once loaded. */
  user: UserResponse | undefined;
  isUserLoading: boolean;
  /** Why the signed-in user could not be loaded (the server down, say). */
  userError: unknown;
  reloadUser: () => void;
  login: (login: string, password: string) => Promise<UserResponse>;
  logout: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

/** Provides the API and the session; `http` may be given by tests. */
export function SessionProvider({ children, http: givenHttp }: { children: ReactNode; http?: HttpClient }) {
  const queryClient = useQueryClient();
  const [tokens] = useState(() => createLocalTokenStore((next) => setSignedIn(next !== null)));
  const [isSignedIn, setSignedIn] = useState(() => tokens.get() !== null);
  const http = useMemo(
    () =>
      givenHttp ??
      createHttpClient({
        tokens,
        onSessionEnded: () => {
          queryClient.clear();
          navigate('/login', { replace: true });
        },
      }),
    [givenHttp, tokens, queryClient],
  );
  const api = useMemo(() => createApi(http), [http]);
  const hasSession = isSignedIn;

  const me = useQuery({ queryKey: ['me'], queryFn: () => api.auth.me(), enabled: hasSession, staleTime: 60_000 });

  const login = useCallback(
    async (name: string, password: string) => {
      const pair = await api.auth.login({ username: name, password });
      tokens.set({ access_token: pair.access_token, refresh_token: pair.refresh_token });
      const user = await api.auth.me();
      queryClient.setQueryData(['me'], user);
      return user;
    },
    [api, tokens, queryClient],
  );

  const logout = useCallback(async () => {
    const current = tokens.get();
    try {
      if (current) await api.auth.logout(current.refresh_token);
    } catch {
      // the session ends here either way
    }
    tokens.set(null);
    queryClient.clear();
    navigate('/login', { replace: true });
  }, [api, tokens, queryClient]);

  const value = useMemo<SessionValue>(
    () => ({
      api,
      http,
      isSignedIn: hasSession,
      user: hasSession ? me.data : undefined,
      isUserLoading: hasSession && me.isPending,
      userError: hasSession ? me.error : null,
      reloadUser: () => void me.refetch(),
      login,
      logout,
    }),
    [api, http, hasSession, me, login, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session. */
export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The typed API. */
export function useApi(): Api {
  return useSession().api;
}
