import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { renderWithI18n } from '../../test/render.tsx';
import { ProgressView, stagesOf } from './progress-view.tsx';
import { I18nProvider } from '../../i18n/i18n.tsx';

function stageStates(): Array<string | null> {
  return [...screen.getByRole('list', { name: 'Stages' }).querySelectorAll('li')].map((li) => li.getAttribute('data-state'));
}

describe('ProgressView', () => {
  it('shows the percentage on the progress bar and the current step', () => {
    renderWithI18n(<ProgressView status="running" progress={42} currentStep="rules: src/app.py" filesScanned={4} filesTotal={10} isLive />);
    const bar = screen.getByRole('progressbar', { name: 'Audit progress' });
    expect(bar.getAttribute('aria-valuenow')).toBe('42');
    expect(screen.getByTestId('progress-percent').textContent).toBe('42%');
    expect(screen.getByTestId('current-step').textContent).toBe('rules: src/app.py');
    expect(screen.getByText('4 / 10 files')).toBeTruthy();
    expect(screen.getByTestId('live-mode').textContent).toBe('Live');
  });

  it('says when updates are polled instead of live', () => {
    renderWithI18n(<ProgressView status="pending" progress={0} currentStep={null} isLive={false} />);
    expect(screen.getByTestId('live-mode').textContent).toBe('Refreshing every few seconds');
    expect(screen.getByTestId('current-step').textContent).toBe('Waiting for a worker…');
  });

  it('moves through pending, running and completed as the status changes', () => {
    const { rerender } = renderWithI18n(<ProgressView status="pending" progress={0} currentStep={null} />);
    expect(stageStates()).toEqual(['current', 'upcoming', 'upcoming']);
    expect(screen.getByText('Pending')).toBeTruthy();
    rerender(<I18nProvider initial="en"><ProgressView status="running" progress={60} currentStep="selecting files" /></I18nProvider>);
    expect(stageStates()).toEqual(['done', 'current', 'upcoming']);
    expect(screen.getByRole('list', { name: 'Stages' }).querySelector('[aria-current="step"]')?.textContent).toBe('Analysing');
    rerender(<I18nProvider initial="en"><ProgressView status="completed" progress={97} currentStep={null} /></I18nProvider>);
    expect(stageStates()).toEqual(['done', 'done', 'done']);
    expect(screen.getByTestId('progress-percent').textContent).toBe('100%');
    expect(screen.getByTestId('current-step').textContent).toBe('Finished');
    expect(screen.queryByTestId('live-mode')).toBeNull();
  });

  it('ends in failed or cancelled with the reason', () => {
    renderWithI18n(<ProgressView status="failed" progress={30} currentStep="rules" error="The archive could not be read" />);
    expect(stageStates()).toEqual(['done', 'done', 'failed']);
    expect(screen.getByTestId('current-step').textContent).toBe('The archive could not be read');
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('30');
    expect(stagesOf('cancelled')[2]).toEqual({ key: 'finished', state: 'failed', end: 'cancelled' });
  });

  it('keeps the percentage within 0 to 100', () => {
    renderWithI18n(<ProgressView status="running" progress={140} currentStep={null} />);
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
  });
});
