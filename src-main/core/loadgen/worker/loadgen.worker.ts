import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, type MessagePort } from 'node:worker_threads';
import { houseClock } from '../../clock';
import { lastSecondOf } from '../series';
import { ClosedRunner } from './closed-runner';
import { InFlightSlots, inFlightSlotsBytes } from './in-flight-slots';
import { OpenRunner } from './open-runner';
import { ParentToWorker, type StartMessage, type WorkerHealth, type WorkerToParent } from './protocol';
import type { RunnerBase } from './runner-base';
import { WorkerMetrics } from './worker-metrics';

/**
 * Load generator worker thread: message loop only. It runs its assignment (closed users or an
 * open schedule), posts an encoded snapshot every `snapshotIntervalMs` (never a message per
 * request), and a last snapshot then `done` with its own health when its runner ends.
 */
function requireParentPort(): MessagePort {
  if (!parentPort) throw new Error('loadgen.worker must run in a worker thread');
  return parentPort;
}
const port = requireParentPort();

let runner: RunnerBase | undefined;
const post = (message: WorkerToParent): void => port.postMessage(message);

port.on('message', (raw: unknown) => {
  const parsed = ParentToWorker.safeParse(raw);
  if (!parsed.success) {
    post({ type: 'error', message: `bad message from the pool: ${parsed.error.message}` });
    return;
  }
  if (parsed.data.type === 'stop') runner?.stop();
  else if (!runner) void runWorker(parsed.data);
});

post({ type: 'ready' });

function createRunner(start: StartMessage, metrics: WorkerMetrics): RunnerBase {
  const context = { target: start.target, runStartMs: start.runStartMs, deadlineMs: start.deadlineMs, metrics };
  if (start.assignment.kind === 'closed') return new ClosedRunner(context, start.assignment);
  // Without the pool's shared buffer (a lone worker), the cap is this worker's own.
  const slots = new InFlightSlots(start.inFlightSlots ?? new SharedArrayBuffer(inFlightSlotsBytes), start.assignment.maxInFlight);
  return new OpenRunner(context, start.assignment, slots);
}

async function runWorker(start: StartMessage): Promise<void> {
  const workerIndex = start.assignment.workerIndex;
  const lastSecond = lastSecondOf(start.deadlineMs - start.runStartMs);
  const metrics = new WorkerMetrics({ runStartMs: start.runStartMs, workerIndex, lastSecond, segmenting: start.segmenting, goodput: { limitsMs: start.goodputLimitsMs } });
  const current = createRunner(start, metrics);
  runner = current;
  const snapshot = (): void => {
    const { seconds, records, reachability } = metrics.takeDeltas();
    const elapsedMs = houseClock() - start.runStartMs;
    post({ type: 'snapshot', workerIndex, elapsedMs, inFlight: current.inFlightCount, started: current.startedCount, seconds, records, ...(reachability ? { reachability } : {}) });
  };
  const ticker = setInterval(snapshot, start.snapshotIntervalMs);
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const eluAtStart = performance.eventLoopUtilization();
  try {
    const endMs = await current.run();
    clearInterval(ticker);
    snapshot();
    lag.disable();
    const health = readHealth(lag, performance.eventLoopUtilization(eluAtStart).utilization);
    post({ type: 'done', workerIndex, endElapsedMs: endMs - start.runStartMs, endedBy: current.endedBy, busyFraction: health.busyFraction, health });
  } catch (error) {
    clearInterval(ticker);
    post({ type: 'error', workerIndex, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  } finally {
    port.unref(); // let the thread end once its last messages are out; the pool also terminates it after done
  }
}

/** The histogram counts delay past its 10 ms resolution, in ns; an idle run has no samples. */
function readHealth(lag: ReturnType<typeof monitorEventLoopDelay>, utilization: number): WorkerHealth {
  const toMs = (ns: number): number => (Number.isFinite(ns) ? Math.round(ns / 1e3) / 1e3 : 0);
  const hasSamples = lag.count > 0;
  return {
    busyFraction: Math.min(1, Math.max(0, utilization)),
    loopLagP50Ms: hasSamples ? toMs(lag.percentile(50)) : 0,
    loopLagP99Ms: hasSamples ? toMs(lag.percentile(99)) : 0,
    loopLagMaxMs: hasSamples ? toMs(lag.max) : 0,
  };
}
