// Exporting a completed audit: one report per chosen format, rendered by the server, followed until done and
// then downloaded. Every format the server renders is offered.
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ReportFormat, ReportGroupBy, ReportResponse } from '@xcr/contracts/api/index';
import type { Api } from '../../api/endpoints.ts';
import { useApi } from '../../api/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { Button } from '../ui/button.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { CheckboxField, SelectField } from '../ui/field.tsx';
import { Badge, errorMessage } from '../ui/misc.tsx';

/** The report formats, in the order offered. */
export const reportFormats: readonly ReportFormat[] = ['pdf', 'html', 'markdown', 'json', 'sarif'];

/** Saves a blob under a file name through a temporary link. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** Waits for a report to finish rendering (polling every 1.5 s, for at most `timeoutMs`). */
export async function waitForReport(api: Api, report: ReportResponse, timeoutMs = 120_000): Promise<ReportResponse> {
  const deadline = Date.now() + timeoutMs;
  let current = report;
  while (current.status === 'pending' || current.status === 'generating') {
    if (Date.now() > deadline) throw new Error('The report is taking too long; find it later under Reports');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    current = await api.reports.get(report.id);
  }
  if (current.status === 'failed') throw new Error(current.error_message ?? 'The report failed');
  return current;
}

/** Downloads a completed report under its own file name. */
export async function downloadReport(api: Api, report: ReportResponse): Promise<void> {
  const file = await api.reports.download(report.id);
  saveBlob(file.blob, file.fileName ?? report.file_name);
}

type RowState = { state: 'working' | 'done' | 'failed'; message?: string; report?: ReportResponse };

/** The export dialog. */
export function ExportDialog({ taskId, isOpen, onClose }: { taskId: string; isOpen: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<ReadonlySet<ReportFormat>>(new Set(['pdf']));
  const [includeCode, setIncludeCode] = useState(true);
  const [includeSuggestions, setIncludeSuggestions] = useState(true);
  const [groupBy, setGroupBy] = useState<ReportGroupBy>('severity');
  const [rows, setRows] = useState<Partial<Record<ReportFormat, RowState>>>({});
  const isWorking = Object.values(rows).some((r) => r?.state === 'working');

  function toggle(format: ReportFormat, isOn: boolean): void {
    const next = new Set(chosen);
    if (isOn) next.add(format);
    else next.delete(format);
    setChosen(next);
  }

  async function exportOne(format: ReportFormat, isSaved: boolean): Promise<void> {
    setRows((r) => ({ ...r, [format]: { state: 'working' } }));
    try {
      const created = await api.reports.create({ task_id: taskId, format, include_code_snippets: includeCode, include_suggestions: includeSuggestions, group_by: groupBy });
      const done = await waitForReport(api, created);
      if (isSaved) await downloadReport(api, done);
      setRows((r) => ({ ...r, [format]: { state: 'done', report: done } }));
    } catch (caught) {
      setRows((r) => ({ ...r, [format]: { state: 'failed', message: errorMessage(caught) } }));
    }
  }

  async function onExport(): Promise<void> {
    const formats = reportFormats.filter((f) => chosen.has(f));
    // Browsers let a page save one file without a click; with several, each gets its own Save button instead.
    await Promise.all(formats.map((format) => exportOne(format, formats.length === 1)));
    await queryClient.invalidateQueries({ queryKey: ['reports'] });
  }

  async function save(report: ReportResponse): Promise<void> {
    try {
      await downloadReport(api, report);
    } catch (caught) {
      setRows((r) => ({ ...r, [report.format]: { state: 'failed', message: errorMessage(caught) } }));
    }
  }

  return (
    <Dialog
      isOpen={isOpen}
      onClose={() => !isWorking && onClose()}
      title={t('export.title')}
      description={t('export.description')}
      closeLabel={t('common.close')}
      footer={
        <>
          <Button onClick={onClose} disabled={isWorking}>
            {t('common.close')}
          </Button>
          <Button variant="primary" onClick={() => void onExport()} isBusy={isWorking} disabled={chosen.size === 0}>
            {t('export.submit')}
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-4">
        <fieldset>
          <legend className="mb-2 text-sm font-medium">{t('export.formats')}</legend>
          <ul className="flex flex-col gap-2">
            {reportFormats.map((format) => {
              const row = rows[format];
              return (
                <li key={format} className="flex items-center justify-between gap-2">
                  <CheckboxField label={t(`format.${format}`)} checked={chosen.has(format)} onChange={(e) => toggle(format, e.target.checked)} disabled={isWorking} />
                  <span aria-live="polite">
                    {row?.state === 'working' && <Badge tone="blue">{t('export.working')}</Badge>}
                    {row?.state === 'done' && row.report && (
                      <Button size="sm" onClick={() => void save(row.report!)} aria-label={t('export.saveOf', { format: t(`format.${format}`) })}>
                        {t('export.save')}
                      </Button>
                    )}
                    {row?.state === 'failed' && (
                      <Badge tone="red" title={row.message}>
                        {t('export.failed')}: {row.message}
                      </Badge>
                    )}
                  </span>
                </li>
              );
            })}
          </ul>
        </fieldset>
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">{t('export.options')}</legend>
          <CheckboxField label={t('export.includeCode')} checked={includeCode} onChange={(e) => setIncludeCode(e.target.checked)} disabled={isWorking} />
          <CheckboxField label={t('export.includeSuggestions')} checked={includeSuggestions} onChange={(e) => setIncludeSuggestions(e.target.checked)} disabled={isWorking} />
          <div className="max-w-xs">
            <SelectField label={t('export.groupBy')} value={groupBy} onChange={(e) => setGroupBy(e.target.value as ReportGroupBy)} disabled={isWorking}>
              <option value="severity">{t('export.group.severity')}</option>
              <option value="category">{t('export.group.category')}</option>
              <option value="file">{t('export.group.file')}</option>
            </SelectField>
          </div>
        </fieldset>
      </div>
    </Dialog>
  );
}
