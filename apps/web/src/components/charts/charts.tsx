// Small SVG charts: a line for scores over time, columns for daily counts, horizontal bars for breakdowns. Each
// is an image with a text summary for screen readers, and draws with the theme's colours.
import type { ReactNode } from 'react';

/** One point of a series; null leaves a gap. */
export interface SeriesPoint {
  label: string;
  value: number | null;
}

function SrTable({ caption, rows }: { caption: string; rows: ReadonlyArray<{ label: string; value: ReactNode }> }) {
  return (
    <table className="sr-only">
      <caption>{caption}</caption>
      <tbody>
        {rows.map((row) => (
          <tr key={row.label}>
            <th scope="row">{row.label}</th>
            <td>{row.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A line chart over 0..max (default 100), gaps where values are null. */
export function LineChart({ points, title, max = 100, emptyLabel }: { points: readonly SeriesPoint[]; title: string; max?: number; emptyLabel: string }) {
  const width = 600;
  const height = 180;
  const pad = { left: 32, right: 8, top: 10, bottom: 22 };
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const xOf = (i: number) => pad.left + (points.length <= 1 ? innerW / 2 : (i / (points.length - 1)) * innerW);
  const yOf = (v: number) => pad.top + innerH - (Math.min(max, Math.max(0, v)) / max) * innerH;
  const segments: string[] = [];
  let path = '';
  points.forEach((p, i) => {
    if (p.value === null) {
      if (path) segments.push(path);
      path = '';
      return;
    }
    path += `${path ? 'L' : 'M'}${xOf(i).toFixed(1)},${yOf(p.value).toFixed(1)}`;
  });
  if (path) segments.push(path);
  const hasData = points.some((p) => p.value !== null);
  const ticks = [0, max / 2, max];
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${height}`} className="h-44 w-full" role="img" aria-label={title}>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={pad.left} x2={width - pad.right} y1={yOf(tick)} y2={yOf(tick)} stroke="var(--xcr-line)" strokeDasharray="3 3" />
            <text x={pad.left - 6} y={yOf(tick) + 4} textAnchor="end" fontSize="11" fill="var(--xcr-muted)">
              {tick}
            </text>
          </g>
        ))}
        {segments.map((d) => (
          <path key={d} d={d} fill="none" stroke="var(--xcr-accent)" strokeWidth="2.5" strokeLinejoin="round" />
        ))}
        {points.map((p, i) =>
          p.value === null ? null : <circle key={p.label} cx={xOf(i)} cy={yOf(p.value)} r="3" fill="var(--xcr-accent)" />,
        )}
        {points.length > 0 && (
          <>
            <text x={pad.left} y={height - 4} fontSize="11" fill="var(--xcr-muted)">
              {points[0]!.label}
            </text>
            <text x={width - pad.right} y={height - 4} fontSize="11" textAnchor="end" fill="var(--xcr-muted)">
              {points[points.length - 1]!.label}
            </text>
          </>
        )}
        {!hasData && (
          <text x={width / 2} y={height / 2} textAnchor="middle" fontSize="13" fill="var(--xcr-muted)">
            {emptyLabel}
          </text>
        )}
      </svg>
      <SrTable caption={title} rows={points.filter((p) => p.value !== null).map((p) => ({ label: p.label, value: p.value }))} />
    </figure>
  );
}

/** Columns, one per point (daily counts). */
export function ColumnChart({ points, title, emptyLabel }: { points: ReadonlyArray<{ label: string; value: number }>; title: string; emptyLabel: string }) {
  const width = 600;
  const height = 160;
  const pad = { left: 8, right: 8, top: 10, bottom: 22 };
  const max = Math.max(1, ...points.map((p) => p.value));
  const slot = (width - pad.left - pad.right) / Math.max(1, points.length);
  const innerH = height - pad.top - pad.bottom;
  const hasData = points.some((p) => p.value > 0);
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${height}`} className="h-40 w-full" role="img" aria-label={title}>
        <line x1={pad.left} x2={width - pad.right} y1={pad.top + innerH} y2={pad.top + innerH} stroke="var(--xcr-line)" />
        {points.map((p, i) => {
          const h = (p.value / max) * innerH;
          return <rect key={p.label} x={pad.left + i * slot + slot * 0.15} width={slot * 0.7} y={pad.top + innerH - h} height={h} rx="2" fill="var(--xcr-accent)" opacity="0.85" />;
        })}
        {points.length > 0 && (
          <>
            <text x={pad.left} y={height - 4} fontSize="11" fill="var(--xcr-muted)">
              {points[0]!.label}
            </text>
            <text x={width - pad.right} y={height - 4} fontSize="11" textAnchor="end" fill="var(--xcr-muted)">
              {points[points.length - 1]!.label}
            </text>
          </>
        )}
        {!hasData && (
          <text x={width / 2} y={height / 2} textAnchor="middle" fontSize="13" fill="var(--xcr-muted)">
            {emptyLabel}
          </text>
        )}
      </svg>
      <SrTable caption={title} rows={points.filter((p) => p.value > 0).map((p) => ({ label: p.label, value: p.value }))} />
    </figure>
  );
}

/** One bar of a breakdown. */
export interface BarItem {
  key: string;
  label: string;
  value: number;
  /** A CSS colour. */
  color?: string;
}

/** Horizontal bars with their values, largest scale first. */
export function BarList({ items, title }: { items: readonly BarItem[]; title: string }) {
  const max = Math.max(1, ...items.map((i) => i.value));
  return (
    <figure>
      <figcaption className="sr-only">{title}</figcaption>
      <ul className="flex flex-col gap-2">
        {items.map((item) => (
          <li key={item.key} className="grid grid-cols-[minmax(4.5rem,7rem)_minmax(2rem,1fr)_auto] items-center gap-2 text-sm">
            <span className="truncate">{item.label}</span>
            <span className="h-2.5 overflow-hidden rounded bg-sunken" aria-hidden="true">
              <span className="block h-full rounded" style={{ width: `${(item.value / max) * 100}%`, background: item.color ?? 'var(--xcr-accent)' }} />
            </span>
            <span className="text-right tabular-nums">{item.value}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** A score 0-100 as a ring with the number in the middle. */
export function ScoreRing({ score, label, size = 96 }: { score: number | null; label: string; size?: number }) {
  const r = 40;
  const circumference = 2 * Math.PI * r;
  const value = score === null ? 0 : Math.max(0, Math.min(100, score));
  const color = value >= 90 ? '#16a34a' : value >= 75 ? '#ca8a04' : value >= 60 ? '#ea580c' : '#dc2626';
  return (
    <svg viewBox="0 0 100 100" width={size} height={size} role="img" aria-label={`${label}: ${score === null ? '—' : Math.round(value)}`}>
      <circle cx="50" cy="50" r={r} fill="none" stroke="var(--xcr-sunken)" strokeWidth="10" />
      {score !== null && (
        <circle cx="50" cy="50" r={r} fill="none" stroke={color} strokeWidth="10" strokeLinecap="round" strokeDasharray={`${(value / 100) * circumference} ${circumference}`} transform="rotate(-90 50 50)" />
      )}
      <text x="50" y="56" textAnchor="middle" fontSize="22" fontWeight="600" fill="var(--xcr-fg)">
        {score === null ? '—' : Math.round(value)}
      </text>
    </svg>
  );
}
