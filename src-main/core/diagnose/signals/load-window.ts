import type { ServerSample } from '../../../../src-shared/schemas/server-sample';
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
  return insideLoad(probe, probe.telemetry, (sample) => ({ fromMs: sample.t - sample.intervalMs, toMs: sample.t }));
}

/**
 * Scrapes of the steady load: inside the span its requests ran (the scrape starts before the load
 * and outlives it, and idle scrapes at either end would read as free slots), less the first one
 * there (diagnosis-rules.md §0.4: discard the first scrape window).
 */
export function steadyScrapes(probe: DiagnosisProbe): ServerSample[] {
  const inside = insideLoad(probe, probe.serverSamples, (sample) => ({ fromMs: sample.t, toMs: sample.t }));
  return inside.slice(1).filter((sample) => sample.metrics !== null || sample.slots !== null);
}

/** The items whose span lies inside the probe's load window; all of them when there is no window. */
function insideLoad<T>(probe: DiagnosisProbe, items: readonly T[], span: (item: T) => { fromMs: number; toMs: number }): T[] {
  const window = loadWindow(probe);
  if (window === null) return [...items];
  return items.filter((item) => {
    const { fromMs, toMs } = span(item);
    return fromMs >= window.fromMs && toMs <= window.toMs;
  });
}
