// The migration wizard: bring the browser version's data in. Choose the export file, validate it, see a dry run,
// import it as a batch, and roll a batch back if needed. Exports of one's own data are offered too.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ImportResponse, MigrationBatchResponse, ValidationReportResponse } from '@xcr/contracts/api/index';
import { useApi } from '../api/session.tsx';
import { saveBlob } from '../components/audit/export-dialog.tsx';
import { PageHeader } from '../components/layout.tsx';
import { Button } from '../components/ui/button.tsx';
import { ConfirmDialog } from '../components/ui/confirm.tsx';
import { TextField } from '../components/ui/field.tsx';
import { Badge, ErrorMessage, Panel, formatBytes, type Tone } from '../components/ui/misc.tsx';
import { useToast } from '../components/ui/toast.tsx';
import { useI18n, type MessageKey } from '../i18n/i18n.tsx';
import { useTitle } from '../lib/use-title.ts';

type Step = 'choose' | 'validated' | 'dry-run' | 'imported';
const steps: ReadonlyArray<{ key: Step; label: MessageKey }> = [
  { key: 'choose', label: 'migration.step.choose' },
  { key: 'validated', label: 'migration.step.validate' },
  { key: 'dry-run', label: 'migration.step.dryRun' },
  { key: 'imported', label: 'migration.step.import' },
];
const batchTones: Record<MigrationBatchResponse['status'], Tone> = { running: 'blue', completed: 'green', failed: 'red', rolled_back: 'slate' };

function Counts({ counts }: { counts: Record<string, number> }) {
  const { t } = useI18n();
  return (
    <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-5">
      {Object.entries(counts).map(([key, value]) => (
        <div key={key} className="rounded-md border border-line p-2">
          <dt className="text-xs text-muted">{t('migration.table', { name: key })}</dt>
          <dd className="text-lg font-semibold tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function ReportView({ report }: { report: ValidationReportResponse }) {
  const { t } = useI18n();
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm">
        {t('migration.format', { format: report.format })} · {report.is_valid ? <Badge tone="green">{t('migration.valid')}</Badge> : <Badge tone="red">{t('migration.invalid')}</Badge>}
      </p>
      <h3 className="text-sm font-semibold">{t('migration.importable')}</h3>
      <Counts counts={report.importable} />
      {report.errors_total > 0 && (
        <details>
          <summary className="cursor-pointer text-sm text-danger">{t('migration.errors', { count: report.errors_total })}</summary>
          <ul className="mt-2 max-h-48 overflow-auto text-xs">
            {report.errors.map((e) => <li key={`${e.path}-${e.code}`}><span className="font-mono">{e.path}</span>: {e.message}</li>)}
          </ul>
        </details>
      )}
      {report.warnings_total > 0 && (
        <details>
          <summary className="cursor-pointer text-sm">{t('migration.warnings', { count: report.warnings_total })}</summary>
          <ul className="mt-2 max-h-48 overflow-auto text-xs">
            {report.warnings.map((w) => <li key={`${w.path}-${w.code}`}><span className="font-mono">{w.path}</span>: {w.message}</li>)}
          </ul>
        </details>
      )}
    </div>
  );
}

/** The migration page. */
export function MigrationPage() {
  const { t, formatDateTime } = useI18n();
  const api = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  useTitle(t('nav.migration'));
  const [file, setFile] = useState<File | null>(null);
  const [step, setStep] = useState<Step>('choose');
  const [report, setReport] = useState<ValidationReportResponse | null>(null);
  const [dryRun, setDryRun] = useState<ImportResponse | null>(null);
  const [imported, setImported] = useState<ImportResponse | null>(null);
  const [rollingBack, setRollingBack] = useState<MigrationBatchResponse | null>(null);
  const batches = useQuery({ queryKey: ['migration-batches'], queryFn: () => api.migration.batches({ page_size: 20 }) });
  const validate = useMutation({ mutationFn: (f: File) => api.migration.validate(f), onSuccess: (r) => { setReport(r); setStep('validated'); } });
  const runDry = useMutation({ mutationFn: (f: File) => api.migration.importFile(f, true), onSuccess: (r) => { setDryRun(r); setStep('dry-run'); } });
  const runImport = useMutation({
    mutationFn: (f: File) => api.migration.importFile(f, false),
    onSuccess: async (r) => {
      setImported(r);
      setStep('imported');
      await queryClient.invalidateQueries();
    },
  });
  const rollback = useMutation({
    mutationFn: (b: MigrationBatchResponse) => api.migration.rollback(b.id),
    onSuccess: async () => {
      setRollingBack(null);
      toast(t('migration.rolledBack'));
      await queryClient.invalidateQueries();
    },
    onError: (e) => toast((e as Error).message, 'error'),
  });
  const exportData = useMutation({
    mutationFn: async (format: 'native' | 'v1') => {
      const download = await api.migration.exportData(format);
      saveBlob(download.blob, download.fileName ?? `xcodereviewer-export-${format}.json`);
    },
    onError: (e) => toast((e as Error).message, 'error'),
  });
  const currentIndex = steps.findIndex((s) => s.key === step);

  function restart(): void {
    setFile(null);
    setReport(null);
    setDryRun(null);
    setImported(null);
    setStep('choose');
  }

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('nav.migration')} description={t('migration.subtitle')} />
      <Panel title={t('migration.wizard')}>
        <ol className="mb-4 flex flex-wrap gap-2 text-sm" aria-label={t('migration.steps')}>
          {steps.map((s, i) => (
            <li key={s.key} aria-current={i === currentIndex ? 'step' : undefined} className={`rounded-full border px-3 py-1 ${i === currentIndex ? 'border-accent font-semibold' : i < currentIndex ? 'border-ok text-ok' : 'border-line text-muted'}`}>
              {i + 1}. {t(s.label)}
            </li>
          ))}
        </ol>
        <div className="flex flex-col gap-4">
          <TextField label={t('migration.file')} type="file" accept=".json,application/json" hint={file ? `${file.name} · ${formatBytes(file.size)}` : t('migration.fileHint')} onChange={(e) => { restart(); setFile(e.target.files?.[0] ?? null); }} />
          <ErrorMessage error={validate.error ?? runDry.error ?? runImport.error} />
          {report && <ReportView report={report} />}
          {dryRun && (
            <div>
              <h3 className="mb-2 text-sm font-semibold">{t('migration.dryRunResult')}</h3>
              <Counts counts={{ projects: dryRun.summary.projects, tasks: dryRun.summary.tasks, issues: dryRun.summary.issues, instant_analyses: dryRun.summary.instant_analyses, skipped: dryRun.summary.skipped }} />
            </div>
          )}
          {imported && (
            <div role="status">
              <h3 className="mb-2 text-sm font-semibold">{t('migration.importResult')}</h3>
              <Counts counts={imported.created} />
            </div>
          )}
          <div className="flex flex-wrap gap-2">
            {step === 'choose' && <Button variant="primary" disabled={!file} isBusy={validate.isPending} onClick={() => file && validate.mutate(file)}>{t('migration.validate')}</Button>}
            {step === 'validated' && <Button variant="primary" disabled={!report?.is_valid && (report?.importable.projects ?? 0) === 0} isBusy={runDry.isPending} onClick={() => file && runDry.mutate(file)}>{t('migration.dryRun')}</Button>}
            {step === 'dry-run' && <Button variant="primary" isBusy={runImport.isPending} onClick={() => file && runImport.mutate(file)}>{t('migration.import')}</Button>}
            {step !== 'choose' && <Button onClick={restart}>{t('migration.restart')}</Button>}
          </div>
        </div>
      </Panel>

      <Panel title={t('migration.batches')}>
        <ErrorMessage error={batches.error} />
        {batches.data && batches.data.items.length > 0 ? (
          <ul className="divide-y divide-line text-sm">
            {batches.data.items.map((b) => (
              <li key={b.id} className="flex flex-wrap items-center justify-between gap-3 py-2">
                <span className="font-mono text-xs">{b.file_name ?? b.source_hash.slice(0, 12)}</span>
                <Badge tone={batchTones[b.status]}>{t(`batchStatus.${b.status}`)}</Badge>
                <span className="text-muted">{b.items_done} / {b.total_items}</span>
                <span className="text-muted">{formatDateTime(b.started_at)}</span>
                <Button size="sm" variant="danger" disabled={b.status === 'rolled_back'} onClick={() => setRollingBack(b)}>{t('migration.rollback')}</Button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-muted">{t('migration.noBatches')}</p>
        )}
      </Panel>

      <Panel title={t('migration.export')}>
        <p className="mb-3 text-sm text-muted">{t('migration.exportHint')}</p>
        <div className="flex gap-2">
          <Button onClick={() => exportData.mutate('native')} isBusy={exportData.isPending}>{t('migration.exportNative')}</Button>
          <Button onClick={() => exportData.mutate('v1')} isBusy={exportData.isPending}>{t('migration.exportV1')}</Button>
        </div>
      </Panel>

      <ConfirmDialog isOpen={rollingBack !== null} title={t('migration.rollbackTitle')} confirmLabel={t('migration.rollback')} isDanger isBusy={rollback.isPending} onCancel={() => setRollingBack(null)} onConfirm={() => rollingBack && rollback.mutate(rollingBack)}>
        {t('migration.rollbackBody')}
      </ConfirmDialog>
    </div>
  );
}
