// Decides what to do with a running canary from its metric series: promote, hold, or roll back.
// Pure: series in, decision out. scripts/ops/canary-monitor.ts feeds it from Prometheus; the Argo Rollouts
// AnalysisTemplate (deploy/k8s/overlays/production/argo) applies the same rollback triggers in the cluster.

/** One sample: unix time in seconds and the value then (NaN when the ratio had no traffic). */
export interface Sample {
  timeS: number;
  value: number;
}

/** The canary signals the runbook names. */
export type CanarySignal = 'errorRate' | 'p95LatencyS' | 'dbConnectionFailureRatio';

/** A rollback trigger (value above `rollbackAbove` for at least `forS`) and the promotion gate (worst value below `promoteBelow`). */
export interface SignalThreshold {
  rollbackAbove: number;
  forS: number;
  promoteBelow: number;
  label: string;
  unit: 'ratio' | 'seconds';
}

/**
 * The runbook's numbers. Rollback: error rate > 1 % for 5 min, P95 > 2 s for 10 min, database connection
 * failures > 10 % for 5 min. Promotion (the per-phase checklist): error rate < 0.1 %, P95 < 500 ms, no
 * database connection issues.
 */
export const runbookThresholds: Readonly<Record<CanarySignal, SignalThreshold>> = {
  errorRate: { rollbackAbove: 0.01, forS: 300, promoteBelow: 0.001, label: 'error rate', unit: 'ratio' },
  p95LatencyS: { rollbackAbove: 2, forS: 600, promoteBelow: 0.5, label: 'P95 latency', unit: 'seconds' },
  dbConnectionFailureRatio: { rollbackAbove: 0.1, forS: 300, promoteBelow: 0.001, label: 'database connection failures', unit: 'ratio' },
};

/** What the canary should do next. */
export type CanaryAction = 'promote' | 'hold' | 'rollback';

/** The decision with the reason for each signal. */
export interface CanaryDecision {
  action: CanaryAction;
  reasons: string[];
}

/** Options of `decideCanary`. */
export interface DecideOptions {
  thresholds?: Readonly<Record<CanarySignal, SignalThreshold>>;
  /** Promotion needs at least this much observed, clean history per signal. Default 10 min. */
  minObservationS?: number;
  /** Two samples further apart than this break a breach run (a gap in scraping is not proof of a breach). Default: 2.5 x the median step. */
  maxGapS?: number;
  /** Whether a critical alert for the API is firing (a runbook rollback trigger on its own). */
  isCriticalAlertFiring?: boolean;
}

/** The longest stretch, in seconds, over which consecutive samples all stayed above `threshold`. */
export function longestBreachS(samples: readonly Sample[], threshold: number, maxGapS: number): number {
  let longest = 0;
  let runStart: number | undefined;
  let previous: number | undefined;
  for (const sample of samples) {
    const isBreach = Number.isFinite(sample.value) && sample.value > threshold;
    const isContiguous = previous !== undefined && sample.timeS - previous <= maxGapS;
    if (isBreach) {
      if (runStart === undefined || !isContiguous) runStart = sample.timeS;
      longest = Math.max(longest, sample.timeS - runStart);
    } else {
      runStart = undefined;
    }
    previous = sample.timeS;
  }
  return longest;
}

function medianStepS(samples: readonly Sample[]): number {
  const steps = samples.slice(1).map((s, i) => s.timeS - samples[i]!.timeS).sort((a, b) => a - b);
  return steps.length === 0 ? 0 : steps[Math.floor(steps.length / 2)]!;
}

function formatValue(value: number, unit: SignalThreshold['unit']): string {
  return unit === 'ratio' ? `${(value * 100).toFixed(2)} %` : `${value.toFixed(2)} s`;
}

function formatDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - m * 60);
  return s === 0 ? `${m} min` : `${m} min ${s} s`;
}

/**
 * Decides from the canary's series. Rollback when any signal stayed above its trigger for its full duration
 * (or a critical alert fires); promote when every signal has enough history and its worst value is under the
 * gate; hold otherwise (too little data, or between the gate and the trigger).
 */
export function decideCanary(series: Readonly<Record<CanarySignal, readonly Sample[]>>, options: DecideOptions = {}): CanaryDecision {
  const thresholds = options.thresholds ?? runbookThresholds;
  const minObservationS = options.minObservationS ?? 600;
  const rollback: string[] = [];
  const hold: string[] = [];
  const clean: string[] = [];
  if (options.isCriticalAlertFiring) rollback.push('a critical alert is firing for the API');

  for (const signal of Object.keys(thresholds) as CanarySignal[]) {
    const t = thresholds[signal];
    const samples = [...(series[signal] ?? [])].sort((a, b) => a.timeS - b.timeS);
    const maxGapS = options.maxGapS ?? Math.max(1, medianStepS(samples) * 2.5);
    const breachS = longestBreachS(samples, t.rollbackAbove, maxGapS);
    if (breachS >= t.forS) {
      rollback.push(`${t.label} above ${formatValue(t.rollbackAbove, t.unit)} for ${formatDuration(breachS)} (trigger: ${formatDuration(t.forS)})`);
      continue;
    }
    const finite = samples.filter((s) => Number.isFinite(s.value));
    const observedS = samples.length > 1 ? samples[samples.length - 1]!.timeS - samples[0]!.timeS : 0;
    if (finite.length === 0) {
      hold.push(`${t.label}: no data (no traffic yet?)`);
      continue;
    }
    const worst = Math.max(...finite.map((s) => s.value));
    if (worst >= t.promoteBelow) {
      const breachNote = breachS > 0 ? `, above the trigger for ${formatDuration(breachS)} so far` : '';
      hold.push(`${t.label} peaked at ${formatValue(worst, t.unit)}, over the ${formatValue(t.promoteBelow, t.unit)} gate${breachNote}`);
    } else if (observedS < minObservationS) {
      hold.push(`${t.label}: ${formatDuration(observedS)} observed, ${formatDuration(minObservationS)} needed`);
    } else {
      clean.push(`${t.label} at most ${formatValue(worst, t.unit)} over ${formatDuration(observedS)}`);
    }
  }
  if (rollback.length > 0) return { action: 'rollback', reasons: rollback };
  if (hold.length > 0) return { action: 'hold', reasons: hold };
  return { action: 'promote', reasons: clean };
}
