/** Daily series for the dashboard's trend charts: one point per UTC day, gaps filled. */

/** One point of a series: `date` is `YYYY-MM-DD` (UTC). */
export interface SeriesPoint<V> {
  date: string;
  value: V;
}

const dayMs = 86_400_000;

/** `YYYY-MM-DD` of a time, in UTC. */
export function utcDate(time: Date): string {
  return time.toISOString().slice(0, 10);
}

/** Midnight UTC of the first day of a window of `days` days ending with the day of `now`. */
export function windowStart(now: Date, days: number): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(today - (days - 1) * dayMs);
}

/** The dates of the window, oldest first. */
export function windowDates(now: Date, days: number): string[] {
  const start = windowStart(now, days).getTime();
  return Array.from({ length: days }, (_, i) => utcDate(new Date(start + i * dayMs)));
}

/**
 * Spreads sparse daily values over every date of the window, oldest first: days without data get `empty`
 * (0 for counts, null for averages), and values outside the window are dropped.
 */
export function fillDailySeries<V, E extends V | null>(dates: readonly string[], values: ReadonlyArray<SeriesPoint<V>>, empty: E): Array<SeriesPoint<V | E>> {
  const byDate = new Map(values.map((v) => [v.date, v.value]));
  return dates.map((date) => ({ date, value: byDate.has(date) ? (byDate.get(date) as V) : empty }));
}
