// Pulls the series names out of a PromQL expression, so tests can check every query against the metric
// contract. A small scanner, not a parser: it drops strings, label matchers, grouping clauses and ranges,
// then keeps the identifiers that are not functions or keywords.

const keywords = new Set([
  'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset', 'atan2',
  'sum', 'min', 'max', 'avg', 'count', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values', 'group',
  'rate', 'irate', 'increase', 'delta', 'idelta', 'deriv', 'predict_linear', 'resets', 'changes', 'abs', 'absent',
  'absent_over_time', 'ceil', 'floor', 'round', 'clamp', 'clamp_max', 'clamp_min', 'exp', 'ln', 'log2', 'log10', 'sqrt',
  'histogram_quantile', 'label_replace', 'label_join', 'scalar', 'vector', 'sort', 'sort_desc', 'time', 'timestamp',
  'avg_over_time', 'min_over_time', 'max_over_time', 'sum_over_time', 'count_over_time', 'quantile_over_time',
  'stddev_over_time', 'last_over_time', 'present_over_time', 'day_of_week', 'hour', 'minute', 'month', 'year',
  'inf', 'nan', 'Inf', 'NaN', 'e',
]);

/** Series names referenced by `expr`, deduplicated, in order of appearance. */
export function seriesNames(expr: string): string[] {
  let s = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{\{[^}]*\}\}/g, 'x')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  s = s.replace(/\b\d+(\.\d+)?(e[+-]?\d+)?\b/gi, ' ');
  const names: string[] = [];
  for (const match of s.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const name = match[0];
    if (keywords.has(name)) continue;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}
