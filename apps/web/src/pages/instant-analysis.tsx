// Instant analysis: paste or upload a snippet, see its language, analyse it, and read the findings in the same
// views as an audit, highlighted in the pasted code. The code stays in this page only, until cleared.
import { useState, type ChangeEvent } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Language as LanguageSchema, type Language } from '@xcr/contracts/language';
import { instantAnalysisMaxCodeBytes, type InstantAnalysisResponse } from '@xcr/contracts/api/index';
import { useApi } from '../api/session.tsx';
import { SeverityBadge, severities, severityColors } from '../components/audit/badges.tsx';
import { FindingView } from '../components/audit/finding-view.tsx';
import { BarList, ScoreRing } from '../components/charts/charts.tsx';
import { PageHeader } from '../components/layout.tsx';
import { Button } from '../components/ui/button.tsx';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../components/ui/field.tsx';
import { EmptyState, ErrorMessage, Pagination, Panel } from '../components/ui/misc.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { codeExamples } from '../lib/examples.ts';
import { codeFileAccept, detectLanguage } from '../lib/language-detect.ts';
import { useTitle } from '../lib/use-title.ts';

/** The instant analysis page. */
export function InstantAnalysisPage() {
  const { t, locale, formatNumber, formatDateTime } = useI18n();
  const api = useApi();
  const queryClient = useQueryClient();
  useTitle(t('nav.instant'));
  const [code, setCode] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [language, setLanguage] = useState<Language | ''>('');
  const [useLlm, setUseLlm] = useState(false);
  const [result, setResult] = useState<{ response: InstantAnalysisResponse; code: string } | null>(null);
  const [historyPage, setHistoryPage] = useState(1);
  const detected = code.trim() ? detectLanguage(code, fileName) : null;
  const sizeBytes = new TextEncoder().encode(code).length;
  const isTooLarge = sizeBytes > instantAnalysisMaxCodeBytes;
  const history = useQuery({ queryKey: ['instant-history', historyPage], queryFn: () => api.instant.history({ page: historyPage, page_size: 10 }), placeholderData: keepPreviousData });
  const analyze = useMutation({
    mutationFn: () =>
      api.instant.analyze({
        code,
        language: language || detected || undefined,
        filename: fileName ?? undefined,
        output_language: locale === 'zh-CN' ? 'zh-CN' : 'en-US',
        ...(useLlm ? { use_llm: true } : {}),
      }),
    onSuccess: async (response) => {
      setResult({ response, code });
      await queryClient.invalidateQueries({ queryKey: ['instant-history'] });
    },
  });

  async function onFile(event: ChangeEvent<HTMLInputElement>): Promise<void> {
    const file = event.target.files?.[0];
    if (!file) return;
    setCode(await file.text());
    setFileName(file.name);
    setLanguage('');
  }

  function clear(): void {
    setCode('');
    setFileName(null);
    setResult(null);
    analyze.reset();
  }

  const r = result?.response;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('nav.instant')} description={t('instant.subtitle')} />
      <Panel title={t('instant.code')}>
        <div className="flex flex-col gap-4">
          <div className="flex flex-wrap items-end gap-3">
            <div className="w-56">
              <SelectField label={t('instant.language')} value={language} onChange={(e) => setLanguage(e.target.value as Language | '')}>
                <option value="">{t('instant.autoDetect')}</option>
                {LanguageSchema.options.map((l) => (
                  <option key={l} value={l}>
                    {l}
                  </option>
                ))}
              </SelectField>
            </div>
            <div className="w-72">
              <TextField label={t('instant.upload')} type="file" accept={codeFileAccept} onChange={(e) => void onFile(e)} />
            </div>
            <div className="flex flex-wrap gap-1.5" role="group" aria-label={t('instant.examples')}>
              {codeExamples.map((ex) => (
                <Button
                  key={ex.key}
                  size="sm"
                  onClick={() => {
                    setCode(ex.code);
                    setFileName(ex.fileName);
                    setLanguage(ex.language);
                  }}
                >
                  {t('instant.example', { language: ex.language })}
                </Button>
              ))}
            </div>
          </div>
          <TextAreaField
            label={t('instant.paste')}
            rows={14}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            spellCheck={false}
            className="font-mono text-[13px]"
            hint={t('instant.detected', { language: language || detected || t('instant.unknown'), size: formatNumber(sizeBytes) })}
            error={isTooLarge ? t('instant.tooLarge', { max: formatNumber(instantAnalysisMaxCodeBytes / 1024) }) : null}
          />
          <CheckboxField label={t('instant.useLlm')} hint={t('instant.useLlmHint')} checked={useLlm} onChange={(e) => setUseLlm(e.target.checked)} />
          <ErrorMessage error={analyze.error} />
          <div className="flex gap-2">
            <Button variant="primary" onClick={() => analyze.mutate()} isBusy={analyze.isPending} disabled={!code.trim() || isTooLarge}>
              {t('instant.analyze')}
            </Button>
            <Button onClick={clear} disabled={!code && !result}>
              {t('instant.clear')}
            </Button>
          </div>
        </div>
      </Panel>

      {r && result && (
        <section aria-label={t('instant.results')} className="flex flex-col gap-4">
          <div className="grid gap-4 lg:grid-cols-3">
            <Panel title={t('instant.results')}>
              <div className="flex items-center gap-4">
                <ScoreRing score={r.quality_score} label={t('task.quality')} />
                <dl className="text-sm">
                  <div><dt className="inline text-muted">{t('instant.language')}: </dt><dd className="inline font-medium" data-testid="instant-language">{r.language}</dd></div>
                  <div><dt className="inline text-muted">{t('task.lines')}: </dt><dd className="inline">{r.lines_scanned}</dd></div>
                  <div><dt className="inline text-muted">{t('instant.time')}: </dt><dd className="inline">{r.duration_ms} ms</dd></div>
                  <div><dt className="inline text-muted">{t('dashboard.issues')}: </dt><dd className="inline font-medium" data-testid="instant-total">{r.counts.total}</dd></div>
                </dl>
              </div>
            </Panel>
            <Panel title={t('dashboard.bySeverity')}>
              <BarList title={t('dashboard.bySeverity')} items={severities.map((s) => ({ key: s, label: t(`severity.${s}`), value: r.counts[s], color: severityColors[s] }))} />
            </Panel>
            <Panel title={t('instant.metrics')}>
              <BarList title={t('instant.metrics')} items={(['complexity', 'maintainability', 'security', 'performance'] as const).map((m) => ({ key: m, label: t(`metric.${m}`), value: Math.round(r.metrics[m]) }))} />
            </Panel>
          </div>
          <Panel title={t('task.findings')}>
            {r.findings.length === 0 ? (
              <EmptyState title={t('instant.clean')} />
            ) : (
              <ol className="flex flex-col gap-6">
                {r.findings.map((f) => (
                  <li key={f.fingerprint} className="border-b border-line pb-6 last:border-0">
                    <FindingView finding={f} code={{ text: result.code, firstLine: 1 }} />
                  </li>
                ))}
              </ol>
            )}
          </Panel>
        </section>
      )}

      <Panel title={t('instant.history')}>
        {history.data && history.data.items.length > 0 ? (
          <>
            <ul className="divide-y divide-line text-sm">
              {history.data.items.map((h) => (
                <li key={h.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <span className="font-medium">{h.language}</span>
                  <span className="flex flex-wrap gap-1">
                    {severities.filter((s) => h.counts[s] > 0).map((s) => (
                      <span key={s} className="flex items-center gap-1">
                        <SeverityBadge severity={s} /> {h.counts[s]}
                      </span>
                    ))}
                  </span>
                  <span className="text-muted tabular-nums">{h.quality_score === null ? '—' : formatNumber(h.quality_score, { maximumFractionDigits: 0 })}</span>
                  <span className="text-muted">{formatDateTime(h.created_at)}</span>
                </li>
              ))}
            </ul>
            <Pagination page={historyPage} pageSize={10} total={history.data.total} onPage={setHistoryPage} />
          </>
        ) : (
          <p className="text-sm text-muted">{history.isPending ? t('common.loading') : t('instant.noHistory')}</p>
        )}
      </Panel>
    </div>
  );
}
