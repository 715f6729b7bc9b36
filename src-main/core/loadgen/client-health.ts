import { availableParallelism } from 'node:os';
import type { ClientHealth } from '../../../src-shared/schemas/run-result';
import { clientFindings } from '../findings/client/client-rules';
import type { ClientFigures } from '../findings/client/client-figures';
import type { WorkerHealth } from './worker/protocol';

/**
 * Measures the parent thread's event-loop utilisation and the whole process's CPU time over a
 * run (workers report their own loops in their done message).
 */
export class ParentHealthMeter {
  private readonly eluStart = performance.eventLoopUtilization();
  private readonly cpuStart = process.cpuUsage();
  private readonly wallStartMs = performance.now();
  readonly cores = Math.max(1, availableParallelism());

  read(): { parentBusyFraction: number; processCpuFraction: number } {
    const elu = performance.eventLoopUtilization(this.eluStart).utilization;
    const cpu = process.cpuUsage(this.cpuStart);
    const wallMs = Math.max(1, performance.now() - this.wallStartMs);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    return { parentBusyFraction: clamp01(elu), processCpuFraction: clamp01(cpuMs / (wallMs * this.cores)) };
  }
}

const clamp01 = (value: number): number => (Number.isFinite(value) ? Math.min(1, Math.max(0, Math.round(value * 1000) / 1000)) : 0);

/**
 * Pure: decides whether the client may have limited the run, and says why in words a user can
 * act on. The client-health rules (core/findings/client, lines in rules-of-thumb.ts) run over the
 * figures as recorded, so a summary read back later gets the same verdict; any one finding is
 * enough. `reasons` keeps the findings' titles: the summary table shows them, as it does for
 * summaries recorded before findings existed.
 */
export function assessClientHealth(input: { workers: readonly WorkerHealth[]; parentBusyFraction: number; processCpuFraction: number; cores: number }): ClientHealth {
  const figures: ClientFigures = {
    workers: input.workers.length,
    busiestWorkerBusyFraction: clamp01(input.workers.reduce((max, worker) => Math.max(max, worker.busyFraction), 0)),
    loopLagP99Ms: input.workers.reduce((max, worker) => Math.max(max, worker.loopLagP99Ms), 0),
    loopLagMaxMs: input.workers.reduce((max, worker) => Math.max(max, worker.loopLagMaxMs), 0),
    parentBusyFraction: clamp01(input.parentBusyFraction),
    processCpuFraction: clamp01(input.processCpuFraction),
    cores: input.cores,
  };
  const findings = clientFindings(figures);
  return { isClientLimited: findings.length > 0, reasons: findings.map((finding) => finding.title), findings, ...figures };
}
