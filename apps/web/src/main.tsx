import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App } from './app.tsx';
import { ApiError } from './api/http.ts';
import { LiveProvider } from './api/live.tsx';
import { SessionProvider } from './api/session.tsx';
import { ToastProvider } from './components/ui/toast.tsx';
import { I18nProvider } from './i18n/i18n.tsx';
import { ThemeProvider, applyTheme, initialTheme } from './lib/theme.tsx';
import './styles.css';

applyTheme(initialTheme());

/** The pause a 429 answer asks for (its `retry_after_s`), 5 s when it names none. */
function retryAfterMs(error: ApiError): number {
  const seconds = (error.details as { retry_after_s?: number } | undefined)?.retry_after_s;
  return Math.min(60, Math.max(1, seconds ?? 5)) * 1000;
}

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      refetchOnWindowFocus: false,
      // Client errors will not change by asking again, except a rate limit, which is retried after its pause.
      retry: (count, error) => (error instanceof ApiError && error.status >= 400 && error.status < 500 ? error.status === 429 && count < 3 : count < 2),
      retryDelay: (count, error) => (error instanceof ApiError && error.status === 429 ? retryAfterMs(error) : Math.min(8_000, 500 * 2 ** count)),
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <ThemeProvider>
          <ToastProvider>
            <SessionProvider>
              <LiveProvider>
                <App />
              </LiveProvider>
            </SessionProvider>
          </ToastProvider>
        </ThemeProvider>
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
