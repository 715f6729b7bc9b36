import { describe, expect, it } from 'vitest';
import { describeLoad, peakConcurrency, resolveLoadShape, stageWindows } from '../../../../src-shared/schemas/load-profiles';
import { effectiveDurationS, RunPlan } from '../../../../src-shared/schemas/run-plan';

const base = { url: 'http://127.0.0.1:8080', durationS: 10 };
const issuesOf = (input: unknown): string[] => {
  const parsed = RunPlan.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('RunPlan schema', () => {
  it('keeps accepting the first-cut closed-loop plan', () => {
    const plan = RunPlan.parse({ ...base, load: { kind: 'closed', virtualUsers: 4 } });
    expect(plan.load).toEqual({ kind: 'closed', virtualUsers: 4 });
    expect(plan.api).toBe('chat');
  });

  it('accepts every open-loop shape with its defaults', () => {
    const poisson = RunPlan.parse({ ...base, load: { kind: 'open-poisson', rateRps: 5 } });
    expect(poisson.load).toEqual({ kind: 'open-poisson', rateRps: 5, seed: 1, maxInFlight: 10_000, whenFull: 'wait' });
    const gamma = RunPlan.parse({ ...base, load: { kind: 'open-gamma', rateRps: 5, burstiness: 0.5, maxInFlight: 8, whenFull: 'drop' } });
    expect(gamma.load.kind).toBe('open-gamma');
    const ramp = RunPlan.parse({ url: base.url, load: { kind: 'open-ramping', stages: [{ durationS: 5, targetRps: 10 }, { durationS: 5, targetRps: 10 }] } });
    expect(effectiveDurationS(ramp)).toBe(10);
  });

  it('reports every problem of a bad plan at once', () => {
    const issues = issuesOf({
      url: 'ftp://x',
      load: { kind: 'open-constant', rateRps: -1, extra: 1 },
      warmupS: -2,
      slo: 'ttft_p97<100,foo<3',
      headers: { Authorization: 'Bearer secret', 'bad name': 'x' },
      api: 'grpc',
    });
    const text = issues.join('\n');
    expect(text).toMatch(/^url:/m);
    expect(text).toMatch(/^load.rateRps:/m);
    expect(text).toMatch(/^load: Unrecognized key/m);
    expect(text).toMatch(/^warmupS:/m);
    expect(text).toMatch(/^api: api is chat, completions, embeddings or native/m);
    expect(text).toMatch(/^durationS: give a duration/m);
    expect(text).toMatch(/slo: "ttft_p97<100": percentile 97 is not kept/);
    expect(text).toMatch(/slo: "foo<3": not a threshold/);
    expect(text).toMatch(/headers.Authorization: .*apiKeySecretId/);
  });

  it('refuses warm-up and cool-down that cover the whole run', () => {
    expect(issuesOf({ ...base, load: { kind: 'closed', virtualUsers: 1 }, warmupS: 6, cooldownS: 4 }).join()).toMatch(/leave nothing/);
  });

  it('names the missing field of a sustained or custom profile', () => {
    expect(issuesOf({ url: base.url, load: { kind: 'profile', profile: 'sustained' } }).join()).toMatch(/load.virtualUsers: the sustained profile needs/);
    expect(issuesOf({ url: base.url, load: { kind: 'profile', profile: 'custom' } }).join()).toMatch(/load.stages: the custom profile needs stages/);
  });
});

describe('resolveLoadShape', () => {
  it('turns the light profile into 1, 2, 4 and 8 users, each held for a step', () => {
    const plan = RunPlan.parse({ url: base.url, load: { kind: 'profile', profile: 'light', stepDurationS: 10 } });
    const closed = resolveLoadShape(plan.load);
    expect(closed).toMatchObject({ kind: 'closed', virtualUsers: 1 });
    expect(effectiveDurationS(plan)).toBe(40);
    expect(stageWindows(plan.load, 40).map((window) => [window.startS, window.endS, window.label])).toEqual([
      [0, 10, '1 users'],
      [10, 20, '2 users'],
      [20, 30, '4 users'],
      [30, 40, '8 users'],
    ]);
    expect(peakConcurrency(plan.load)).toBe(8);
  });

  it('holds the sustained level for ten minutes by default', () => {
    const plan = RunPlan.parse({ url: base.url, load: { kind: 'profile', profile: 'sustained', virtualUsers: 12 } });
    expect(effectiveDurationS(plan)).toBe(600);
    expect(describeLoad(plan.load)).toBe('sustained 12 VU');
  });

  it('gives saturation 32, 48 and 64 users and heavy 16 to 32', () => {
    const saturation = resolveLoadShape(RunPlan.parse({ url: base.url, load: { kind: 'profile', profile: 'saturation' } }).load);
    expect(saturation.kind === 'closed' && saturation.stages?.filter((stage) => stage.durationS > 0).map((stage) => stage.target)).toEqual([32, 48, 64]);
    expect(peakConcurrency(RunPlan.parse({ url: base.url, load: { kind: 'profile', profile: 'heavy' } }).load)).toBe(32);
  });

  it('adds a hold window when the run outlasts its stages', () => {
    const load = RunPlan.parse({ ...base, durationS: 8, load: { kind: 'open-ramping', stages: [{ durationS: 5, targetRps: 10 }] } }).load;
    expect(stageWindows(load, 8).map((window) => window.label)).toEqual(['0→10 req/s', '10 req/s']);
  });
});
