/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week, UTC), as projects write them in
 * `settings.schedule_cron`: `*`, numbers, ranges `a-b`, steps `*\/n` and `a-b/n`, lists `a,b`, month and weekday
 * names (`jan`, `mon`), weekday 7 as Sunday. When both day fields are restricted a day matching either counts, as in
 * classic cron.
 */
import { ValidationError } from '../errors.ts';

/** A parsed expression: the allowed values of each field. */
export interface CronSchedule {
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  days: ReadonlySet<number>;
  months: ReadonlySet<number>;
  weekdays: ReadonlySet<number>;
  isDayRestricted: boolean;
  isWeekdayRestricted: boolean;
}

const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const dayNames = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function value(text: string, min: number, names?: readonly string[]): number {
  const named = names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return named + min;
  if (!/^\d{1,2}$/.test(text)) throw new ValidationError('invalid_cron', `Not a cron value: ${text}`);
  return Number(text);
}

function field(text: string, min: number, max: number, names?: readonly string[]): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : value(stepText, 0);
    if (step < 1) throw new ValidationError('invalid_cron', `Bad step in ${part}`);
    let from = min;
    let to = max;
    if (range !== '*') {
      const [a = '', b] = range.split('-');
      from = value(a, min, names);
      to = b === undefined ? (stepText === undefined ? from : max) : value(b, min, names);
    }
    if (from < min || to > max || from > to)
      throw new ValidationError('invalid_cron', `Out of range: ${part}`);
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

/** Parses an expression; throws ValidationError `invalid_cron` for anything else. */
export function parseCron(expression: string): CronSchedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5)
    throw new ValidationError('invalid_cron', 'A schedule has five fields: minute hour day month weekday');
  const [m = '', h = '', dom = '', mon = '', dow = ''] = parts;
  const weekdays = field(dow, 0, 7, dayNames);
  if (weekdays.has(7)) weekdays.add(0);
  return {
    minutes: field(m, 0, 59),
    hours: field(h, 0, 23),
    days: field(dom, 1, 31),
    months: field(mon, 1, 12, monthNames),
    weekdays,
    isDayRestricted: dom !== '*',
    isWeekdayRestricted: dow !== '*',
  };
}

/** Whether the schedule fires in the UTC minute of `at`. */
export function cronMatches(schedule: CronSchedule, at: Date): boolean {
  if (!schedule.minutes.has(at.getUTCMinutes()) || !schedule.hours.has(at.getUTCHours())) return false;
  if (!schedule.months.has(at.getUTCMonth() + 1)) return false;
  const isDay = schedule.days.has(at.getUTCDate());
  const isWeekday = schedule.weekdays.has(at.getUTCDay());
  if (schedule.isDayRestricted && schedule.isWeekdayRestricted) return isDay || isWeekday;
  return isDay && isWeekday;
}
