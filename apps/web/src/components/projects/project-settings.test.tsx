import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ProjectResponse } from '@xcr/contracts/api/index';
import type { HttpClient } from '../../api/http.ts';
import { SessionProvider } from '../../api/session.tsx';
import { I18nProvider } from '../../i18n/i18n.tsx';
import { Button } from '../ui/button.tsx';
import { ProjectSettingsForm, looksLikeCron } from './edit-project-dialog.tsx';

const project: ProjectResponse = {
  id: 'p1', owner_id: 'u1', name: 'Shop', description: null, source_type: 'zip', source_url: null, repository_name: null, branch: 'main',
  has_git_token: false, has_upload: true, upload: null, languages: {}, total_files: 0, total_lines: 0, primary_language: null,
  last_scanned_at: null, status: 'active', deleted_at: null, role: 'owner', created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z',
};

function renderForm(given: ProjectResponse) {
  const request = vi.fn(async (_method: string, _path: string, options?: { json?: unknown }) => ({ ...given, ...(options?.json as object) }));
  const http = { request, upload: vi.fn(), download: vi.fn(), accessToken: () => null, freshAccessToken: async () => null } as unknown as HttpClient;
  const onSaved = vi.fn();
  render(
    <QueryClientProvider client={new QueryClient()}>
      <I18nProvider initial="en">
        <SessionProvider http={http}>
          <ProjectSettingsForm project={given} formId="f" onSaved={onSaved} />
          <Button type="submit" form="f">Save</Button>
        </SessionProvider>
      </I18nProvider>
    </QueryClientProvider>,
  );
  return { request, onSaved };
}

describe('project settings', () => {
  it('saves name and status with a PATCH and offers no schedule while the API has none', async () => {
    const { request, onSaved } = renderForm(project);
    expect(screen.queryByLabelText('Schedule (cron)')).toBeNull();
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Shop 2' } });
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'archived' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(request).toHaveBeenCalledWith('PATCH', '/projects/p1', { json: { name: 'Shop 2', description: null, branch: 'main', status: 'archived' } });
  });

  it('sets and clears the audit schedule when the API reports one', async () => {
    const { request } = renderForm({ ...project, schedule_cron: null } as ProjectResponse);
    fireEvent.click(screen.getByRole('button', { name: 'Mondays 03:00' }));
    expect((screen.getByLabelText('Schedule (cron)') as HTMLInputElement).value).toBe('0 3 * * 1');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(request).toHaveBeenCalledTimes(1));
    expect((request.mock.calls[0]![2] as { json: { schedule_cron: string } }).json.schedule_cron).toBe('0 3 * * 1');
    fireEvent.change(screen.getByLabelText('Schedule (cron)'), { target: { value: 'every day' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Five fields: minute hour day month weekday')).toBeTruthy();
    expect(request).toHaveBeenCalledTimes(1);
  });

  it('recognises cron expressions', () => {
    for (const ok of ['0 3 * * *', '*/15 * * * 1-5', '0 0,12 1 */2 *']) expect(looksLikeCron(ok), ok).toBe(true);
    for (const bad of ['0 3 * *', 'daily', '0 3 * * * *', '0 3 ? * MON']) expect(looksLikeCron(bad), bad).toBe(false);
  });
});
