import type { ReactElement } from 'react';
import { render, type RenderResult } from '@testing-library/react';
import { I18nProvider, type Locale } from '../i18n/i18n.tsx';

/** Renders inside the providers every component expects (English unless asked). */
export function renderWithI18n(ui: ReactElement, locale: Locale = 'en'): RenderResult {
  return render(<I18nProvider initial={locale}>{ui}</I18nProvider>);
}
