import { describe, expect, it } from 'vitest';
import type { BenchLiveProgress } from '../../../src-shared/contract/bench.contract';
import { followBench } from '../../../src-main/cli/commands/bench-follow';
import { EventBus } from '../../../src-main/core/events';

const progress = (benchRunId: string, resultCount: number): BenchLiveProgress => ({ benchRunId, test: 1, totalTests: 2, step: null, resultCount, elapsedS: 0 });

describe('following one bench on the core bus', () => {
  it('passes on the progress that arrived before the run id was known, and none of another run', async () => {
    const bus = new EventBus();
    const seen: BenchLiveProgress[] = [];
    const follower = followBench(bus, (event) => seen.push(event));
    bus.emit('bench.progress', progress('b-ours', 1));
    bus.emit('bench.progress', progress('b-other', 1));
    const ended = follower.follow('b-ours');
    bus.emit('bench.progress', progress('b-ours', 2));
    bus.emit('bench.progress', progress('b-other', 2));
    bus.emit('bench.finished', { benchRunId: 'b-other', status: 'failed', resultCount: 0 });
    bus.emit('bench.finished', { benchRunId: 'b-ours', status: 'completed', resultCount: 2 });
    expect(await ended).toEqual({ benchRunId: 'b-ours', status: 'completed', resultCount: 2 });
    expect(seen.map((event) => `${event.benchRunId}:${event.resultCount}`)).toEqual(['b-ours:1', 'b-ours:2']);
    follower.stop();
  });

  it('resolves at once for a run that finished before it was followed', async () => {
    const bus = new EventBus();
    const follower = followBench(bus, () => undefined);
    bus.emit('bench.finished', { benchRunId: 'b-quick', status: 'failed', resultCount: 0 });
    expect(await follower.follow('b-quick')).toMatchObject({ status: 'failed' });
    follower.stop();
  });

  it('hears nothing once stopped', () => {
    const bus = new EventBus();
    const seen: BenchLiveProgress[] = [];
    const follower = followBench(bus, (event) => seen.push(event));
    void follower.follow('b-ours');
    follower.stop();
    bus.emit('bench.progress', progress('b-ours', 1));
    expect(seen).toEqual([]);
  });
});
