import type { BusyStats, TelemetryRecord, TelemetrySummary } from '../../../src-shared/schemas/telemetry-sample';

interface Accumulator {
  peakPct: number;
  sumPct: number;
  samples: number;
}

function add(map: Map<string, Accumulator>, id: string, pct: number): void {
  const entry = map.get(id) ?? { peakPct: 0, sumPct: 0, samples: 0 };
  entry.peakPct = Math.max(entry.peakPct, pct);
  entry.sumPct += pct;
  entry.samples += 1;
  map.set(id, entry);
}

function toStats(map: Map<string, Accumulator>): BusyStats[] {
  return [...map.entries()].map(([id, entry]) => ({
    id,
    peakPct: entry.peakPct,
    meanPct: entry.samples === 0 ? 0 : entry.sumPct / entry.samples,
    samples: entry.samples,
  }));
}

/**
 * Peak and mean busy % per CPU (id `cpuN`) and per GPU (its stable id) over recorded
 * telemetry, for a run's summary (issue #4 item 8). Pure. Gaps are counted, never filled;
 * a GPU value the tool could not read does not count as 0 %.
 */
export function summarizeTelemetry(records: Iterable<TelemetryRecord>): TelemetrySummary {
  const cpus = new Map<string, Accumulator>();
  const gpus = new Map<string, Accumulator>();
  let samples = 0;
  let gaps = 0;
  for (const record of records) {
    if (record.kind === 'gap') {
      gaps += 1;
      continue;
    }
    samples += 1;
    for (const cpu of record.cpus) add(cpus, `cpu${cpu.id}`, cpu.busyPct);
    for (const gpu of record.gpus) if (gpu.utilPct !== null) add(gpus, gpu.id, gpu.utilPct);
  }
  const byCpuNumber = (a: BusyStats, b: BusyStats): number => Number(a.id.slice(3)) - Number(b.id.slice(3));
  return { samples, gaps, cpus: toStats(cpus).sort(byCpuNumber), gpus: toStats(gpus) };
}
