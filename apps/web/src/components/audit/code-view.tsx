// Code with line numbers and the finding's lines highlighted. Long files are windowed: only `windowLines` rows
// are in the page at once, centred on the highlight, with buttons to move the window.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { Button } from '../ui/button.tsx';

/** Props of the code view. */
export interface CodeViewProps {
  code: string;
  /** The line number of the first line of `code` (a snippet starts where it starts in the file). */
  firstLine?: number;
  /** Lines to highlight, 1-based and inclusive, in the numbering of the file. */
  highlight?: { start: number; end: number } | null;
  /** The most lines rendered at once. */
  windowLines?: number;
  /** What the code is (a file path), for screen readers. */
  label: string;
}

/** Splits code into lines the way the server does (LF, CRLF or CR; a final line break adds no line). */
export function codeLines(code: string): string[] {
  if (code === '') return [''];
  const lines = code.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The first index of the window showing `highlightIndex` (centred when possible). */
export function windowStart(lineCount: number, windowLines: number, highlightIndex: number | null): number {
  if (lineCount <= windowLines || highlightIndex === null) return 0;
  const centred = highlightIndex - Math.floor(windowLines / 3);
  return Math.max(0, Math.min(lineCount - windowLines, centred));
}

/** The code view. */
export function CodeView({ code, firstLine = 1, highlight = null, windowLines = 400, label }: CodeViewProps) {
  const { t } = useI18n();
  const lines = useMemo(() => codeLines(code), [code]);
  const highlightIndex = highlight ? Math.max(0, Math.min(lines.length - 1, highlight.start - firstLine)) : null;
  const [start, setStart] = useState(() => windowStart(lines.length, windowLines, highlightIndex));
  const scrollRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setStart(windowStart(lines.length, windowLines, highlightIndex));
  }, [lines.length, windowLines, highlightIndex]);

  useEffect(() => {
    const container = scrollRef.current;
    const target = container?.querySelector<HTMLElement>('[data-highlighted="true"]');
    if (container && target) container.scrollTop = Math.max(0, target.offsetTop - container.clientHeight / 3);
  }, [start, highlight?.start, highlight?.end, code]);

  const end = Math.min(lines.length, start + windowLines);
  const step = Math.max(1, Math.floor(windowLines / 2));
  const isHighlighted = (n: number) => highlight !== null && n >= highlight.start && n <= highlight.end;
  const gutterWidth = `${String(firstLine + lines.length - 1).length + 1}ch`;
  const rangeText = highlight ? (highlight.start === highlight.end ? t('code.highlightOne', { line: highlight.start }) : t('code.highlightRange', { start: highlight.start, end: highlight.end })) : '';

  return (
    <div className="overflow-hidden rounded-md border border-line bg-sunken text-sm" role="group" aria-label={`${label}${rangeText ? ` — ${rangeText}` : ''}`}>
      {start > 0 && (
        <div className="border-b border-line px-2 py-1">
          <Button size="sm" variant="ghost" onClick={() => setStart(Math.max(0, start - step))}>
            {t('code.showEarlier', { count: Math.min(step, start) })}
          </Button>
        </div>
      )}
      <div ref={scrollRef} className="max-h-[28rem] overflow-auto">
        <pre className="min-w-full font-mono text-[13px] leading-5">
          <code className="block">
            {lines.slice(start, end).map((text, offset) => {
              const n = firstLine + start + offset;
              const isMarked = isHighlighted(n);
              return (
                <span key={n} data-line={n} data-highlighted={isMarked ? 'true' : undefined} className={`flex ${isMarked ? 'bg-mark shadow-[inset_3px_0_0_var(--xcr-warn)]' : ''}`}>
                  <span className="shrink-0 select-none pr-3 text-right text-muted" style={{ width: gutterWidth }}>
                    {n}
                  </span>
                  <span className="whitespace-pre pr-4">
                    {isMarked && <span className="sr-only">{t('code.flagged')} </span>}
                    {text || ' '}
                  </span>
                </span>
              );
            })}
          </code>
        </pre>
      </div>
      {end < lines.length && (
        <div className="border-t border-line px-2 py-1">
          <Button size="sm" variant="ghost" onClick={() => setStart(Math.min(lines.length - windowLines, start + step))}>
            {t('code.showLater', { count: Math.min(step, lines.length - end) })}
          </Button>
        </div>
      )}
    </div>
  );
}
