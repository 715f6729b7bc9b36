import { parentPort, type MessagePort } from 'node:worker_threads';
import { nowMs } from '../client/request-timing';
import { ParentToWorker, type StartMessage, type WorkerToParent } from './protocol';
import { lastSecondOf } from '../series';
import { ClosedLoop } from './request-loop';
import { WorkerMetrics } from './worker-metrics';

/**
 * Load generator worker thread: message loop only. It runs its share of the virtual users,
 * posts an encoded snapshot every `snapshotIntervalMs` (never a message per request), and a
 * last snapshot then `done` when its loop ends.
 */
function requireParentPort(): MessagePort {
  if (!parentPort) throw new Error('loadgen.worker must run in a worker thread');
  return parentPort;
}
const port = requireParentPort();

let loop: ClosedLoop | undefined;
const post = (message: WorkerToParent): void => port.postMessage(message);

port.on('message', (raw: unknown) => {
  const parsed = ParentToWorker.safeParse(raw);
  if (!parsed.success) {
    post({ type: 'error', message: `bad message from the pool: ${parsed.error.message}` });
    return;
  }
  if (parsed.data.type === 'stop') loop?.stop();
  else if (!loop) void runWorker(parsed.data);
});

post({ type: 'ready' });

async function runWorker(start: StartMessage): Promise<void> {
  const lastSecond = lastSecondOf(start.deadlineMs - start.runStartMs);
  const metrics = new WorkerMetrics({ runStartMs: start.runStartMs, workerIndex: start.workerIndex, lastSecond });
  const current = new ClosedLoop(start, metrics);
  loop = current;
  const snapshot = (): void => {
    const { seconds, records } = metrics.takeDeltas();
    const elapsedMs = nowMs() - start.runStartMs;
    post({ type: 'snapshot', workerIndex: start.workerIndex, elapsedMs, inFlight: current.inFlightCount, started: current.startedCount, seconds, records });
  };
  const ticker = setInterval(snapshot, start.snapshotIntervalMs);
  const eluAtStart = performance.eventLoopUtilization();
  try {
    const endMs = await current.run();
    clearInterval(ticker);
    snapshot();
    const busyFraction = Math.min(1, Math.max(0, performance.eventLoopUtilization(eluAtStart).utilization));
    post({ type: 'done', workerIndex: start.workerIndex, endElapsedMs: endMs - start.runStartMs, endedBy: current.endedBy, busyFraction });
  } catch (error) {
    clearInterval(ticker);
    post({ type: 'error', workerIndex: start.workerIndex, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  } finally {
    port.unref(); // let the thread end once its last messages are out; the pool also terminates it after done
  }
}
