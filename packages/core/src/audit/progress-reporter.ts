/**
 * Throttled task progress: an audit reports after every file, but the task row is written at most once per
 * interval (and whenever the step changes), one write at a time, always with the latest figures. Progress only
 * moves forward.
 */

/** What one progress write carries. */
export interface ProgressUpdate {
  /** 0-100. */
  progress: number;
  step: string;
  filesTotal?: number;
  filesScanned?: number;
}

/** Options of {@link createProgressReporter}. */
export interface ProgressReporterOptions {
  /** Writes one update (the task row, an event); errors are passed to `onError` and never stop the audit. */
  write(update: ProgressUpdate): Promise<void>;
  /** Least time between two writes of the same step. */
  intervalMs: number;
  now(): number;
  onError?(error: unknown): void;
}

/** A progress reporter; see {@link createProgressReporter}. */
export interface ProgressReporter {
  /** Records the latest progress; writes it now when the interval has passed or the step changed. */
  report(update: ProgressUpdate): void;
  /** Writes what is pending and waits for every write in flight. */
  flush(): Promise<void>;
  /** The highest progress reported so far. */
  readonly progress: number;
}

/** The stage bands of an audit: 0-5 intake, 5-90 files (and the LLM review), 90-100 storing findings. */
export const progressBands = { intake: [0, 5], files: [5, 90], persist: [90, 100] } as const;

/** `done / total` of a band, as a whole percentage (the band's start when there is nothing to do). */
export function progressIn(band: readonly [number, number], done: number, total: number): number {
  const [from, to] = band;
  if (total <= 0) return from;
  return Math.floor(from + ((to - from) * Math.min(done, total)) / total);
}

function isSame(a: ProgressUpdate, b: ProgressUpdate): boolean {
  return (
    a.progress === b.progress &&
    a.step === b.step &&
    a.filesTotal === b.filesTotal &&
    a.filesScanned === b.filesScanned
  );
}

/** Creates a progress reporter; see {@link ProgressReporter}. */
export function createProgressReporter(options: ProgressReporterOptions): ProgressReporter {
  let highest = 0;
  let lastWriteAt = Number.NEGATIVE_INFINITY;
  let lastStep: string | undefined;
  let lastWritten: ProgressUpdate | undefined;
  let pending: ProgressUpdate | undefined;
  let inFlight: Promise<void> | undefined;

  function startWrite(): void {
    if (inFlight || !pending) return;
    const update = pending;
    pending = undefined;
    lastWriteAt = options.now();
    lastStep = update.step;
    lastWritten = update;
    inFlight = options
      .write(update)
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        inFlight = undefined;
        // A step change that arrived meanwhile goes out at once; plain progress waits for the next report.
        if (pending && pending.step !== lastStep) startWrite();
      });
  }

  return {
    get progress() {
      return highest;
    },
    report(update) {
      highest = Math.max(highest, Math.min(100, Math.max(0, Math.floor(update.progress))));
      const next = { ...update, progress: highest };
      if (lastWritten && isSame(next, lastWritten)) {
        // Already written (or being written): anything older that waited is superseded.
        pending = undefined;
        return;
      }
      pending = next;
      const isDue = update.step !== lastStep || options.now() - lastWriteAt >= options.intervalMs;
      if (isDue) startWrite();
    },
    async flush() {
      while (inFlight || pending) {
        if (inFlight) await inFlight;
        else startWrite();
      }
    },
  };
}
