import type { EvidenceSource } from '../../../../src-shared/schemas/finding';
import type { TelemetrySample } from '../../../../src-shared/schemas/telemetry-sample';
import type { ThresholdValues } from '../../findings/diagnose-thresholds';
import { cpuBudget } from '../../findings/inventory/cpu-budget';
import type { DiagnosisEvidence, DiagnosisProbe } from '../evidence';
import { steadySamples } from './load-window';
import { known, mean, unknown, type Signal } from './signal';

const noTelemetry = 'no host telemetry sample fell inside the load';

/** Busy share of each CPU over the samples, 0..1, by CPU id. */
function perCoreBusy(samples: readonly TelemetrySample[]): Map<number, number> {
  const sums = new Map<number, { total: number; count: number }>();
  for (const cpu of samples.flatMap((sample) => sample.cpus)) {
    const entry = sums.get(cpu.id) ?? { total: 0, count: 0 };
    sums.set(cpu.id, { total: entry.total + cpu.busyPct / 100, count: entry.count + 1 });
  }
  return new Map([...sums].map(([id, { total, count }]) => [id, total / count]));
}

/** thr_cfg (§0.1): -t from the configuration, else the inventory's process, else the log's `n_threads = N`, else llama.cpp's default (physical cores). */
export function configuredThreads(evidence: DiagnosisEvidence): Signal {
  const flag = evidence.config?.flags['threads'];
  if (typeof flag === 'number' && flag > 0) return known(flag, { kind: 'config' });
  const fromProcess = evidence.inventory?.server?.threadsFlag;
  if (typeof fromProcess === 'number' && fromProcess > 0) return known(fromProcess, { kind: 'inventory', id: evidence.inventory!.host });
  const logged = /llama threadpool init, n_threads = (\d+)/.exec(evidence.server.log ?? '');
  if (logged !== null) return known(Number(logged[1]), { kind: 'log' });
  // -t ≤ 0 given means all logical CPUs; unset means physical cores (v0.5.0 common/arg.cpp, common/common.cpp).
  const cpu = evidence.inventory?.cpu;
  if (cpu === undefined) return unknown('no -t in the configuration, no threadpool line in the log, and no inventory for the default');
  return known(typeof flag === 'number' ? cpu.threads : cpu.physicalCores, { kind: 'inventory', id: evidence.inventory!.host });
}

/**
 * cpu_budget (§0.1): the physical cores, capped by a quota, cpuset or affinity (cpu-budget.ts),
 * rounded down (C6), less the cores a load generator on the same host needs (C5, C15).
 */
export function serverCpuBudget(evidence: DiagnosisEvidence, thresholds: ThresholdValues): Signal {
  const inventory = evidence.inventory;
  if (inventory === null) return unknown('no inventory of the server host');
  const capped = cpuBudget(inventory);
  const cores = Math.min(inventory.cpu.physicalCores, capped === null ? Infinity : Math.floor(capped.cpus));
  const reserved = evidence.isLoadgenOnServerHost === true ? thresholds.loadgenReservedCores : 0;
  return known(Math.max(1, cores - reserved), { kind: 'inventory', id: inventory.host });
}

function cgroupSignals(evidence: DiagnosisEvidence): Record<string, Signal> {
  const inventory = evidence.inventory;
  const source: EvidenceSource = { kind: 'inventory', id: inventory?.host };
  const cgroup = inventory?.cgroup;
  const quota = cgroup?.cpuQuotaCpus ?? inventory?.container?.cpuLimit ?? cgroup?.cpusetCount ?? null;
  return {
    cgThr: cgroup?.nrPeriods ? known((cgroup.nrThrottled ?? 0) / cgroup.nrPeriods, source) : unknown("the inventory has no cgroup cpu.stat for the server"),
    quotaCpus: quota === null ? unknown('no CPU quota, container limit or cpuset applies') : known(quota, source),
  };
}

/** The host signals of one probe: cores, the server process, memory, threads and budget. */
export function hostSignals(evidence: DiagnosisEvidence, probe: DiagnosisProbe, thresholds: ThresholdValues): Record<string, Signal> {
  const samples = steadySamples(probe);
  const at = samples[0]?.t;
  const source: EvidenceSource = { kind: 'sample', id: probe.runId, ...(at === undefined ? {} : { at }) };
  const cores = [...perCoreBusy(samples).values()].sort((a, b) => b - a);
  const processCpu = samples.flatMap((sample) => (sample.server === null ? [] : [sample.server.cpuPct / 100]));
  const memory = samples.map((sample) => sample.memory);
  const ifSamples = (value: number | null, reason = noTelemetry): Signal => (value === null ? unknown(reason) : known(value, source));
  return {
    coreBusy: ifSamples(mean(samples.map((sample) => sample.cpuTotal.busyPct / 100))),
    busiestCore: ifSamples(cores[0] ?? null),
    otherCoresBusy: ifSamples(cores.length < 2 ? null : mean(cores.slice(1)), cores.length === 1 ? 'the host has one CPU' : noTelemetry),
    procCores: ifSamples(mean(processCpu), samples.length === 0 ? noTelemetry : 'telemetry did not watch the server process'),
    hotThread: unknown('telemetry samples the server process, not its threads (/proc/<pid>/task)'),
    runnable: ifSamples(mean(samples.flatMap((sample) => (sample.load === null ? [] : [sample.load.runnable])))),
    memAvail: ifSamples(memory.length === 0 ? null : Math.min(...memory.map((m) => (m.totalBytes > 0 ? m.availableBytes / m.totalBytes : 1)))),
    swapGrowthBytes: ifSamples(memory.length < 2 ? null : Math.max(0, memory.at(-1)!.swapUsedBytes - memory[0]!.swapUsedBytes)),
    thrCfg: configuredThreads(evidence),
    cpuBudget: serverCpuBudget(evidence, thresholds),
    ...cgroupSignals(evidence),
  };
}
