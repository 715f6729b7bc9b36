import type { TelemetrySample } from '../../../../src-shared/schemas/telemetry-sample';
import type { DiagnosisProbe } from '../evidence';

/** The span the probe's load ran, house clock (epoch ms): its requests, else its scrapes. Null when neither was recorded. */
export function loadWindow(probe: DiagnosisProbe): { fromMs: number; toMs: number } | null {
  const requests = probe.requests ?? [];
  if (requests.length > 0) {
    return { fromMs: Math.min(...requests.map((record) => record.sentMs)), toMs: Math.max(...requests.map((record) => record.endMs)) };
  }
  if (probe.serverSamples.length >= 2) return { fromMs: probe.serverSamples[0]!.t, toMs: probe.serverSamples.at(-1)!.t };
  return null;
}

/**
 * Telemetry samples wholly inside the load (steady state): an interval that began before the
 * first request or ended after the last mixes idle time in (diagnosis-rules.md §0.4 warm-up).
 * Without a window every sample counts.
 */
export function steadySamples(probe: DiagnosisProbe): TelemetrySample[] {
  const window = loadWindow(probe);
  if (window === null) return [...probe.telemetry];
  return probe.telemetry.filter((sample) => sample.t - sample.intervalMs >= window.fromMs && sample.t <= window.toMs);
}
