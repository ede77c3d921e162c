// Light and dark themes: the `dark` class on <html>, remembered in localStorage, defaulting to the system setting.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';

/** The two themes. */
export type Theme = 'light' | 'dark';

const storageKey = 'xcr.theme';

/** The remembered theme, else the system's preference. */
export function initialTheme(): Theme {
  try {
    const saved = localStorage.getItem(storageKey);
    if (saved === 'light' || saved === 'dark') return saved;
  } catch {
    // storage blocked
  }
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Puts the theme on the document root. */
export function applyTheme(theme: Theme): void {
  document.documentElement.classList.toggle('dark', theme === 'dark');
}

const ThemeContext = createContext<{ theme: Theme; toggleTheme: () => void } | null>(null);

/** Provides the theme and its toggle. */
export function ThemeProvider({ children }: { children: ReactNode }) {
  const [theme, setTheme] = useState<Theme>(initialTheme);
  useEffect(() => applyTheme(theme), [theme]);
  const toggleTheme = useCallback(() => {
    setTheme((current) => {
      const next = current === 'dark' ? 'light' : 'dark';
      try {
        localStorage.setItem(storageKey, next);
      } catch {
        // not remembered, still switched
      }
      return next;
    });
  }, []);
  return <ThemeContext.Provider value={{ theme, toggleTheme }}>{children}</ThemeContext.Provider>;
}

/** The current theme and its toggle. */
export function useTheme(): { theme: Theme; toggleTheme: () => void } {
  const value = useContext(ThemeContext);
  if (!value) throw new Error('useTheme outside ThemeProvider');
  return value;
}
