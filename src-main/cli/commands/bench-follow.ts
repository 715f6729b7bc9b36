import type { BenchFinished, BenchLiveProgress } from '../../../src-shared/contract/bench.contract';
import type { Core } from '../../core/index';

/** One bench's events on the core's bus, taken from before it starts. */
export interface BenchFollower {
  /** Starts passing on the events of this run (any that came before are passed on at once); resolves when it has finished. */
  follow(benchRunId: string): Promise<BenchFinished>;
  stop(): void;
}

/**
 * Listens to `bench.progress` and `bench.finished` from before the run starts, because its id
 * is only known once it is running: what arrives before `follow` names the id is held back and
 * then passed on (or dropped when it is another run's), so no early result is lost.
 */
export function followBench(bus: Core['bus'], onProgress: (progress: BenchLiveProgress) => void): BenchFollower {
  let followedId: string | undefined;
  const early: BenchLiveProgress[] = [];
  const finished = new Map<string, BenchFinished>();
  let onFinished: ((event: BenchFinished) => void) | undefined;

  const offProgress = bus.on('bench.progress', (progress) => {
    if (followedId === undefined) early.push(progress);
    else if (progress.benchRunId === followedId) onProgress(progress);
  });
  const offFinished = bus.on('bench.finished', (event) => {
    finished.set(event.benchRunId, event);
    if (event.benchRunId === followedId) onFinished?.(event);
  });

  return {
    follow(benchRunId) {
      followedId = benchRunId;
      early.filter((progress) => progress.benchRunId === benchRunId).forEach(onProgress);
      early.length = 0;
      const already = finished.get(benchRunId);
      if (already !== undefined) return Promise.resolve(already);
      return new Promise((resolve) => (onFinished = resolve));
    },
    stop() {
      offProgress();
      offFinished();
    },
  };
}
