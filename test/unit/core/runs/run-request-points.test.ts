import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EvenSampler, readRunRequestPoints, toRequestPoint } from '../../../../src-main/core/runs/run-request-points';

describe('EvenSampler', () => {
  it('keeps everything while under its cap', () => {
    const sampler = new EvenSampler<number>(10);
    for (let i = 0; i < 7; i += 1) sampler.add(i);
    expect(sampler.items()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(sampler.count).toBe(7);
  });

  it('never holds more than its cap and keeps evenly spaced items from the whole stream', () => {
    const sampler = new EvenSampler<number>(5000);
    for (let i = 0; i < 123_457; i += 1) sampler.add(i);
    const kept = sampler.items();
    expect(kept.length).toBeLessThanOrEqual(5000);
    expect(kept.length).toBeGreaterThan(2500);
    const stride = kept[1]! - kept[0]!;
    expect(kept.every((value, index) => value === index * stride)).toBe(true);
    expect(kept.at(-1)!).toBeGreaterThan(123_457 - stride);
    expect(sampler.count).toBe(123_457);
  });

  it('halves to exactly the cap when a stream ends just past it', () => {
    const sampler = new EvenSampler<number>(4);
    for (let i = 0; i < 5; i += 1) sampler.add(i);
    expect(sampler.items()).toEqual([0, 2, 4]);
  });
});

describe('toRequestPoint', () => {
  it('pairs a record that has both TTFT and the server prompt time, with its queue time when present', () => {
    expect(toRequestPoint({ ttftMs: 120, serverPromptMs: 30, queueMs: 80 })).toEqual({ ttftMs: 120, serverPromptMs: 30, queueMs: 80 });
    expect(toRequestPoint({ ttftMs: 120, serverPromptMs: 30, queueMs: null })).toEqual({ ttftMs: 120, serverPromptMs: 30 });
  });

  it('skips a record without timings, without a first token, or that is not an object', () => {
    expect(toRequestPoint({ ttftMs: 120 })).toBeNull();
    expect(toRequestPoint({ ttftMs: null, serverPromptMs: 3 })).toBeNull();
    expect(toRequestPoint({ ttftMs: 5, serverPromptMs: -1 })).toBeNull();
    expect(toRequestPoint(42)).toBeNull();
    expect(toRequestPoint(null)).toBeNull();
  });
});

describe('readRunRequestPoints', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  function runsDirWith(lines: string): string {
    const runsDir = mkdtempSync(join(tmpdir(), 'llmwb-points-'));
    dirs.push(runsDir);
    mkdirSync(join(runsDir, 'r1'));
    writeFileSync(join(runsDir, 'r1', 'requests.jsonl'), lines);
    return runsDir;
  }

  it('streams requests.jsonl, counts records without timings and skips a torn last line, saying so', async () => {
    const lines = [
      JSON.stringify({ ttftMs: 50, serverPromptMs: 20, queueMs: 25 }),
      JSON.stringify({ ttftMs: 40 }),
      '',
      JSON.stringify({ ttftMs: 90, serverPromptMs: 21 }),
      '{"ttftMs": 7, "serverPr',
    ].join('\n');
    const result = await readRunRequestPoints({ runsDir: runsDirWith(lines), runId: 'r1', limit: 5000 });
    expect(result).toEqual({
      runId: 'r1',
      requests: 3,
      paired: 2,
      points: [{ ttftMs: 50, serverPromptMs: 20, queueMs: 25 }, { ttftMs: 90, serverPromptMs: 21 }],
      notices: ['The last line of requests.jsonl was cut off mid-write (normal after a crash or a full disk) and skipped.'],
    });
  });

  it('counts corrupt lines in the middle of requests.jsonl instead of dropping them silently', async () => {
    const lines = [JSON.stringify({ ttftMs: 50, serverPromptMs: 20 }), 'not json', '{"ttftMs": 4', JSON.stringify({ ttftMs: 60, serverPromptMs: 21 }), ''].join('\n');
    const result = await readRunRequestPoints({ runsDir: runsDirWith(lines), runId: 'r1', limit: 10 });
    expect(result).toMatchObject({ requests: 2, notices: ['2 unreadable lines skipped in requests.jsonl.'] });
  });

  it('caps the points it returns at the limit, sampled across the whole run', async () => {
    const lines = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ ttftMs: i, serverPromptMs: i / 2 })).join('\n');
    const result = await readRunRequestPoints({ runsDir: runsDirWith(lines), runId: 'r1', limit: 100 });
    expect(result.points.length).toBeLessThanOrEqual(100);
    expect(result.points.length).toBeGreaterThan(50);
    expect(result.points[0]!.ttftMs).toBe(0);
    expect(result.points.at(-1)!.ttftMs).toBeGreaterThan(900);
    expect(result).toMatchObject({ requests: 1000, paired: 1000 });
  });

  it('answers an empty result for a run that recorded no requests', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'llmwb-points-'));
    dirs.push(runsDir);
    expect(await readRunRequestPoints({ runsDir, runId: 'gone', limit: 10 })).toEqual({ runId: 'gone', points: [], requests: 0, paired: 0 });
  });
});
