import { describe, expect, it } from 'vitest';
import { LaunchSettings } from '../../../../../src-shared/schemas/launch';
import type { JournalEntry } from '../../../../../src-shared/schemas/config-journal';
import { describeLaunch, emptyLaunchDraft, launchDraftFrom, launchDraftTo } from '../../../../../src-renderer/pages/config/launch-draft';
import { memoryBar } from '../../../../../src-renderer/pages/config/memory-bar';
import { lastDowntimeMs, restartSentence } from '../../../../../src-renderer/pages/config/restart-notice';

const GiB = 1024 ** 3;

describe('the launch-method form', () => {
  it('records a process with its command line, working directory and environment, as the core reads them', () => {
    const launch = launchDraftTo({ ...emptyLaunchDraft, argv: '/opt/llama-server -m "/m/my model.gguf" -np 4', cwd: ' /srv ', env: 'CUDA_VISIBLE_DEVICES=0\n\nA=b=c' }, 4242);
    expect(LaunchSettings.parse(launch)).toEqual({ kind: 'process', argv: ['/opt/llama-server', '-m', '/m/my model.gguf', '-np', '4'], cwd: '/srv', env: { CUDA_VISIBLE_DEVICES: '0', A: 'b=c' }, adoptedPid: 4242 });
    expect(launchDraftTo(launchDraftFrom(launch), 4242)).toEqual(launch);
  });

  it('fills and records systemd, container and compose settings, leaving a blank project out', () => {
    for (const launch of [
      { kind: 'systemd', unit: 'llama.service', scope: 'user' },
      { kind: 'container', runtime: 'podman', name: 'llama' },
      { kind: 'compose', runtime: 'docker', file: '/srv/compose.yaml', service: 'llm' },
    ] as const) {
      expect(launchDraftTo(launchDraftFrom(launch))).toEqual(launch);
    }
    expect(describeLaunch({ kind: 'systemd', unit: 'llama.service', scope: 'user' })).toBe('systemd unit llama.service (--user)');
    expect(describeLaunch(null)).toBe('Not managed by the workbench yet');
  });

  it('leaves a unit name without .service for the core’s schema to name', () => {
    const result = LaunchSettings.safeParse(launchDraftTo({ ...emptyLaunchDraft, kind: 'systemd', unit: 'llama' }));
    expect(result.error?.issues[0]).toMatchObject({ path: ['unit'], message: 'a unit name ending in .service' });
  });
});

describe('the memory bar', () => {
  it('scales to the budget when the need fits, and marks the budget inside the bar', () => {
    expect(memoryBar({ modelBytes: 4 * GiB, kvBytes: 2 * GiB, budget: { where: 'gpu', bytes: 24 * GiB, label: '24 GiB of VRAM' } })).toEqual({ weightsPct: 16.7, kvPct: 8.3, budgetPct: 100, isOver: false });
  });

  it('scales to the need when it does not fit, so the bar runs past the budget’s mark', () => {
    expect(memoryBar({ modelBytes: 14 * GiB, kvBytes: 34 * GiB, budget: { where: 'gpu', bytes: 24 * GiB, label: '' } })).toEqual({ weightsPct: 29.2, kvPct: 70.8, budgetPct: 50, isOver: true });
    expect(memoryBar({ modelBytes: GiB, kvBytes: GiB, budget: null })).toMatchObject({ budgetPct: null, isOver: false });
  });
});

describe('the restart warning', () => {
  const entry = (result: JournalEntry['result'], armMs: number, healthMs: number): JournalEntry => ({
    id: `e${armMs}`, workspaceId: 'w', launchKind: 'demo', by: 'me', startedAt: 0, before: { flags: {} }, after: { flags: {} }, result, clamped: [], logExcerpt: [],
    steps: [{ step: 'arm', state: 'passed', atMs: armMs }, { step: 'health', state: 'passed', atMs: healthMs }],
  });

  it('times the downtime by the newest applied entry, from the timer armed to /health answering', () => {
    expect(lastDowntimeMs([entry('rolled_back', 0, 9_000), entry('applied', 1_000, 3_500), entry('applied', 0, 60_000)])).toBe(2_500);
    expect(restartSentence([entry('applied', 1_000, 3_500)])).toBe('The server will restart: about 2.5 s of downtime expected (as at the last apply).');
  });

  it('says the server will restart even when no earlier apply times it', () => {
    expect(restartSentence([])).toMatch(/^The server will restart: it does not answer until/);
  });
});
