import { AppError } from '../../../src-shared/errors';
import type { TelemetryGap, TelemetrySample } from '../../../src-shared/schemas/telemetry-sample';
import type { HostSession } from '../hosts/host-session';
import { createTelemetrySession, type TelemetrySessionOptions, type TelemetryState } from './telemetry-session';

/** A TelemetrySession's options plus how long to collect. */
export interface CollectTelemetryOptions extends TelemetrySessionOptions {
  /** How much host time the samples should cover, counted from the sampler's first reading. */
  durationMs: number;
  /** Limit for the sampler's first reading to arrive. Default 15 000 ms. */
  startTimeoutMs?: number;
  /** Called for each sample as it arrives (the CLI prints them live). */
  onSample?: (sample: TelemetrySample) => void;
  onState?: (state: TelemetryState) => void;
}

/** Everything a collection saw, in arrival order. */
export interface CollectedTelemetry {
  samples: TelemetrySample[];
  gaps: TelemetryGap[];
  problems: AppError[];
}

/**
 * Runs a TelemetrySession for a fixed span and returns what it saw. The span is counted in
 * host time from the first reading: it ends once the samples cover `durationMs` (within half
 * an interval), so 5 s at 1 s gives 5 samples however long the link took to start. A wall
 * clock deadline (duration + 3 intervals, at least 3 s more) bounds it when the link drops.
 */
export async function collectTelemetry(host: HostSession, options: CollectTelemetryOptions): Promise<CollectedTelemetry> {
  const session = createTelemetrySession(host, options);
  const collected: CollectedTelemetry = { samples: [], gaps: [], problems: [] };
  const intervalMs = options.intervalMs ?? 1_000;
  let coveredMs = 0;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const startTimer = setTimeout(finish, options.startTimeoutMs ?? 15_000);
  let deadline: NodeJS.Timeout | undefined;
  session.onState((state) => {
    options.onState?.(state);
    if (state === 'streaming' && deadline === undefined) {
      clearTimeout(startTimer);
      deadline = setTimeout(finish, options.durationMs + Math.max(3 * intervalMs, 3_000));
    }
    if (state === 'failed') finish();
  });
  session.onSample((sample) => {
    collected.samples.push(sample);
    options.onSample?.(sample);
    coveredMs += sample.intervalMs;
    if (coveredMs >= options.durationMs - intervalMs / 2) finish();
  });
  session.onGap((gap) => collected.gaps.push(gap));
  session.onProblem((problem) => collected.problems.push(problem));
  await session.start();
  await done;
  clearTimeout(startTimer);
  clearTimeout(deadline);
  await session.stop();
  if (collected.samples.length === 0 && collected.problems.length === 0) {
    collected.problems.push(new AppError('timeout', `no telemetry arrived from ${host.label}`));
  }
  return collected;
}
