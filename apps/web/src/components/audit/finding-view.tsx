// One finding in full: what and where, the code with its lines highlighted, What / Why / How, the fix, the CWE
// links, where it stands against the previous audit, and its triage status.
import type { ReactNode } from 'react';
import type { Category, Evidence, Explanation, FindingStatus, Lifecycle, Severity } from '@xcr/contracts/finding';
import { useI18n } from '../../i18n/i18n.tsx';
import { SelectField } from '../ui/field.tsx';
import { CategoryBadge, FindingStatusBadge, LifecycleBadge, SeverityBadge, findingStatuses } from './badges.tsx';
import { CodeView } from './code-view.tsx';

/** What the view needs of a finding: a stored one (with triage) or one from an instant analysis. */
export interface FindingLike {
  id?: string;
  title: string;
  description: string;
  severity: Severity;
  category: Category;
  cwe: readonly number[];
  rule_id?: string | null;
  analyzer: string;
  confidence: number;
  file_path: string;
  line_start: number | null;
  line_end: number | null;
  code_snippet: string | null;
  suggestion?: string | null;
  fix_example?: string | null;
  explanation: Explanation | null;
  status?: FindingStatus;
  lifecycle?: Lifecycle;
  evidence?: readonly Evidence[];
}

/** Lines of context the server puts before the flagged lines of a snippet. */
export const snippetContextLines = 2;

/** The URL of a CWE entry. */
export function cweUrl(id: number): string {
  return `https://cwe.mitre.org/data/definitions/${id}.html`;
}

/** A link only when it is http(s): text from a model never becomes a `javascript:` URL. */
export function safeHref(url: string | undefined | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="flex flex-col gap-1">
      <h4 className="text-xs font-semibold tracking-wide text-muted uppercase">{title}</h4>
      <div className="text-sm leading-relaxed whitespace-pre-wrap">{children}</div>
    </section>
  );
}

/** Props of the finding view. */
export interface FindingViewProps {
  finding: FindingLike;
  /** Called with the new triage status; without it the status is shown read-only. */
  onStatusChange?: (status: FindingStatus) => void;
  isStatusBusy?: boolean;
  /** Code to show instead of the snippet (the whole pasted file of an instant analysis). */
  code?: { text: string; firstLine: number };
  /** Below the explanation (comments). */
  children?: ReactNode;
  headingLevel?: 2 | 3;
}

/** The finding view. */
export function FindingView({ finding, onStatusChange, isStatusBusy = false, code, children, headingLevel = 3 }: FindingViewProps) {
  const { t, formatNumber } = useI18n();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const lineStart = finding.line_start;
  const lineEnd = finding.line_end ?? lineStart;
  const location = lineStart === null ? finding.file_path : `${finding.file_path}:${lineStart}${lineEnd !== null && lineEnd !== lineStart ? `-${lineEnd}` : ''}`;
  const shownCode = code ?? (finding.code_snippet ? { text: finding.code_snippet, firstLine: Math.max(1, (lineStart ?? 1) - snippetContextLines) } : null);
  const learnMore = safeHref(finding.explanation?.learn_more);

  return (
    <article className="flex flex-col gap-4" aria-label={finding.title}>
      <header className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center gap-1.5">
          <SeverityBadge severity={finding.severity} />
          <CategoryBadge category={finding.category} />
          {finding.lifecycle && <LifecycleBadge lifecycle={finding.lifecycle} />}
          {finding.status && <FindingStatusBadge status={finding.status} />}
        </div>
        <Heading className="text-lg font-semibold">{finding.title}</Heading>
        <p className="font-mono text-sm break-all text-muted">{location}</p>
        <dl className="flex flex-wrap gap-x-5 gap-y-1 text-xs text-muted">
          {finding.cwe.length > 0 && (
            <div className="flex gap-1">
              <dt>CWE</dt>
              <dd className="flex gap-1.5">
                {finding.cwe.map((id) => (
                  <a key={id} href={cweUrl(id)} target="_blank" rel="noopener noreferrer" className="text-accent underline">
                    CWE-{id}
                  </a>
                ))}
              </dd>
            </div>
          )}
          {finding.rule_id && (
            <div className="flex gap-1">
              <dt>{t('finding.rule')}</dt>
              <dd className="font-mono">{finding.rule_id}</dd>
            </div>
          )}
          <div className="flex gap-1">
            <dt>{t('finding.analyzer')}</dt>
            <dd>{finding.analyzer}</dd>
          </div>
          <div className="flex gap-1">
            <dt>{t('finding.confidence')}</dt>
            <dd>{formatNumber(finding.confidence, { style: 'percent', maximumFractionDigits: 0 })}</dd>
          </div>
        </dl>
      </header>

      {onStatusChange && finding.status && (
        <div className="max-w-xs">
          <SelectField label={t('finding.triageStatus')} value={finding.status} disabled={isStatusBusy} onChange={(e) => onStatusChange(e.target.value as FindingStatus)}>
            {findingStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`findingStatus.${s}`)}
              </option>
            ))}
          </SelectField>
        </div>
      )}

      {shownCode && <CodeView code={shownCode.text} firstLine={shownCode.firstLine} highlight={lineStart === null ? null : { start: lineStart, end: lineEnd ?? lineStart }} label={finding.file_path} />}

      <p className="text-sm leading-relaxed">{finding.description}</p>

      {finding.explanation && (
        <div className="grid gap-4 rounded-md border border-line p-4 md:grid-cols-3">
          <Section title={t('finding.what')}>{finding.explanation.what}</Section>
          <Section title={t('finding.why')}>{finding.explanation.why}</Section>
          <Section title={t('finding.how')}>{finding.explanation.how}</Section>
          {learnMore && (
            <a href={learnMore} target="_blank" rel="noopener noreferrer" className="text-sm text-accent underline md:col-span-3">
              {t('finding.learnMore')}
            </a>
          )}
        </div>
      )}

      {finding.suggestion && <Section title={t('finding.suggestion')}>{finding.suggestion}</Section>}
      {finding.fix_example && (
        <section className="flex flex-col gap-1">
          <h4 className="text-xs font-semibold tracking-wide text-muted uppercase">{t('finding.fixExample')}</h4>
          <pre className="overflow-auto rounded-md border border-line bg-sunken p-3 font-mono text-[13px]">{finding.fix_example}</pre>
        </section>
      )}
      {finding.evidence && finding.evidence.length > 0 && (
        <Section title={t('finding.evidence')}>
          <ul className="list-disc pl-5">
            {finding.evidence.map((e) => (
              <li key={`${e.analyzer}-${e.title}`}>
                {e.analyzer}: {e.title}
              </li>
            ))}
          </ul>
        </Section>
      )}
      {children}
    </article>
  );
}
