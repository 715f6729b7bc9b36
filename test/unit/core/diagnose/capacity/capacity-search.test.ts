import { describe, expect, it } from 'vitest';
import { nextProbe, recordProbe, replayCapacitySearch, searchSlos, startCapacitySearch } from '../../../../../src-main/core/diagnose/capacity/capacity-search';
import { summarizeProbe } from '../../../../../src-main/core/diagnose/capacity/probe-summary';
import { CapacitySearchState, type CapacitySearchInput, type NextProbe } from '../../../../../src-shared/schemas/capacity';
import type { RequestRecord } from '../../../../../src-shared/schemas/request-record';
import { AppError } from '../../../../../src-shared/errors';

/** `good` requests with a 100 ms TTFT and `slow` ones at 900 ms, 20 output tokens each, 1 s apart. */
function records({ good, slow }: { good: number; slow: number }): RequestRecord[] {
  return Array.from({ length: good + slow }, (_, index) => {
    const ttftMs = index < good ? 100 : 900;
    return {
      worker: 0, vu: 0, seq: index, scheduledMs: index * 1000, sentMs: index * 1000, headersMs: index * 1000, firstTokenMs: index * 1000 + ttftMs,
      endMs: index * 1000 + ttftMs + 190, ttftMs, e2eMs: ttftMs + 190, tpotMs: 10, contentChunks: 20, promptTokens: 50, outputTokens: 20,
      tokenSource: 'usage', status: 200, finishReason: 'stop', errorClass: null, errorMessage: null,
    };
  });
}

const options: CapacitySearchInput = { slo: 'ttft_p95<500', preset: 'quick', totalSlots: 8, maxUsers: 64 };

/** A server whose attainment is `attainmentAt(users)`: each probe gets its max request count at that share. */
function probeFor(state: CapacitySearchState, next: Extract<NextProbe, { kind: 'probe' }>, attainmentAt: (users: number) => number, clientLimited = false) {
  const total = next.requests.maxRequests;
  const good = Math.round(total * attainmentAt(next.users));
  return summarizeProbe(records({ good, slow: total - good }), {
    users: next.users, stage: next.stage, slos: searchSlos(state), confidence: 0.95, durationS: 60,
    clientHealth: clientLimited ? { isClientLimited: true, reasons: ['a worker thread was 97 % busy'] } : null,
  });
}

function search(attainmentAt: (users: number) => number, input: CapacitySearchInput = options) {
  let state = startCapacitySearch(input);
  for (;;) {
    const next = nextProbe(state);
    if (next.kind === 'done') return { state, result: next.result };
    state = recordProbe(state, probeFor(state, next, attainmentAt));
  }
}

/** All good up to 20 users, none above: a cliff at 20. */
const cliffAt20 = (users: number): number => (users <= 20 ? 1 : 0.5);

describe('the capacity search state machine', () => {
  it('starts with a one-user baseline at bracket fidelity', () => {
    expect(nextProbe(startCapacitySearch(options))).toMatchObject({ kind: 'probe', users: 1, stage: 'bracket', purpose: 'baseline', requests: { minRequests: 60, maxRequests: 150 } });
  });

  it('seeds the bracket at the server’s slot count after the baseline', () => {
    const state = startCapacitySearch(options);
    const baseline = nextProbe(state) as Extract<NextProbe, { kind: 'probe' }>;
    expect(nextProbe(recordProbe(state, probeFor(state, baseline, cliffAt20)))).toMatchObject({ users: 8, purpose: 'seed' });
  });

  it('finds a sharp capacity exactly and confirms it', () => {
    const { result, state } = search(cliffAt20);
    expect(result).toMatchObject({ outcome: 'found', capacityUsers: 20, failUsers: 21, isAtLeast: false, bindingSlo: 'ttft_p95<500' });
    expect(state.probes.at(-1)).toMatchObject({ users: 20, stage: 'confirm' });
  });

  it('says the SLO is unattainable when one user fails', () => {
    expect(search(() => 0.5).result).toMatchObject({ outcome: 'unattainable', capacityUsers: 0, probesUsed: 1 });
  });

  it('stops at the ceiling with "at least" when every load passes', () => {
    expect(search(() => 1).result).toMatchObject({ outcome: 'at-least-max', capacityUsers: 64, isAtLeast: true });
  });

  it('stops with a lower bound only when the probe budget is spent', () => {
    const { result } = search(cliffAt20, { ...options, maxProbes: 3 });
    expect(result).toMatchObject({ outcome: 'lower-bound-only', probesUsed: 3, isAtLeast: true });
  });

  it('stops as client-bound at a probe whose load generator was the bottleneck', () => {
    let state = startCapacitySearch(options);
    const baseline = nextProbe(state) as Extract<NextProbe, { kind: 'probe' }>;
    state = recordProbe(state, probeFor(state, baseline, cliffAt20));
    const seed = nextProbe(state) as Extract<NextProbe, { kind: 'probe' }>;
    state = recordProbe(state, probeFor(state, seed, cliffAt20, true));
    const done = nextProbe(state);
    expect(done).toMatchObject({ kind: 'done', result: { outcome: 'client-bound', capacityUsers: 1, isAtLeast: true } });
  });

  it('reports an unresolved probe and never takes it as a pass', () => {
    // 143 of 150 requests good (95.3 %): the one-sided Wilson bounds (91.6–97.5 %) straddle the 95 % target.
    const { state, result } = search((users) => (users <= 12 ? 1 : users === 13 ? 0.95 : 0.5));
    const unresolved = state.probes.filter((probe) => probe.judgement.verdict === 'unresolved');
    expect(unresolved.length).toBeGreaterThan(0);
    expect(unresolved.every((probe) => probe.users === 13)).toBe(true);
    expect(result.unresolvedProbes.map((probe) => probe.users)).toContain(13);
    expect(result).toMatchObject({ capacityUsers: 12, failUsers: 13, isAtLeast: true });
  });

  it('refuses a probe it did not ask for', () => {
    const state = startCapacitySearch(options);
    const wrong = probeFor(state, { kind: 'probe', users: 5, stage: 'bracket', purpose: 'seed', requests: { minRequests: 60, maxRequests: 150 } }, cliffAt20);
    expect(() => recordProbe(state, wrong)).toThrow(AppError);
  });

  it('refuses an SLO that is not an attainment test, naming the term', () => {
    expect(() => startCapacitySearch({ ...options, slo: 'ttft_avg<500' })).toThrow(/ttft_avg<500/);
  });
});

describe('resuming a saved capacity search', () => {
  it('replays saved probes to the same next step, from JSON as the runner stores it', () => {
    const { state: finished } = search(cliffAt20);
    const partway: CapacitySearchState = { ...finished, probes: finished.probes.slice(0, 4) };
    const saved = CapacitySearchState.parse(JSON.parse(JSON.stringify(partway)));
    expect(nextProbe(saved)).toEqual(nextProbe(partway));
    const replayed = replayCapacitySearch(saved.options, saved.probes);
    expect(replayed).toEqual(partway);
    expect(nextProbe(replayed)).toMatchObject({ kind: 'probe', users: finished.probes[4]!.users, stage: finished.probes[4]!.stage });
  });
});
