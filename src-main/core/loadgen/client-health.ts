import { availableParallelism } from 'node:os';
import type { ClientHealth } from '../../../src-shared/schemas/run-result';
import type { WorkerHealth } from './worker/protocol';

/** Lines past which the generator may be the bottleneck (its own delays then sit inside every latency). */
export const clientHealthLimits = {
  busyFraction: 0.85,
  loopLagP99Ms: 20,
  processCpuFraction: 0.9,
} as const;

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
const percent = (fraction: number): string => `${Math.round(fraction * 100)}%`;

/**
 * Pure: decides whether the client may have limited the run, and says why in words a user can
 * act on. Any one measurement past its line is enough.
 */
export function assessClientHealth(input: { workers: readonly WorkerHealth[]; parentBusyFraction: number; processCpuFraction: number; cores: number }): ClientHealth {
  const reasons: string[] = [];
  const busiest = input.workers.reduce((max, worker) => Math.max(max, worker.busyFraction), 0);
  const lagP99 = input.workers.reduce((max, worker) => Math.max(max, worker.loopLagP99Ms), 0);
  const lagMax = input.workers.reduce((max, worker) => Math.max(max, worker.loopLagMaxMs), 0);
  if (busiest >= clientHealthLimits.busyFraction) reasons.push(`a load generator thread was busy ${percent(busiest)} of the run (line: ${percent(clientHealthLimits.busyFraction)}): requests waited for it`);
  if (lagP99 >= clientHealthLimits.loopLagP99Ms) reasons.push(`a load generator thread's event loop was ${lagP99.toFixed(1)} ms late at p99 (line: ${clientHealthLimits.loopLagP99Ms} ms): timings include that delay`);
  if (input.parentBusyFraction >= clientHealthLimits.busyFraction) reasons.push(`the merging thread was busy ${percent(input.parentBusyFraction)} of the run`);
  if (input.processCpuFraction >= clientHealthLimits.processCpuFraction) reasons.push(`the generator used ${percent(input.processCpuFraction)} of the ${input.cores} usable cores: it competed with the server for CPU`);
  return {
    isClientLimited: reasons.length > 0,
    reasons,
    workers: input.workers.length,
    busiestWorkerBusyFraction: clamp01(busiest),
    loopLagP99Ms: lagP99,
    loopLagMaxMs: lagMax,
    parentBusyFraction: clamp01(input.parentBusyFraction),
    processCpuFraction: clamp01(input.processCpuFraction),
    cores: input.cores,
  };
}
