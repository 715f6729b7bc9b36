import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core/index';
import type { EventPayload } from '../../src-shared/contract';
import type { AppError } from '../../src-shared/errors';
import type { ServerConfig } from '../../src-shared/schemas/server-config';
import { openDemoCore, type DemoCore } from '../support/demo-core';

const slots = (parallel: number): ServerConfig => ({ flags: { parallel, ctxSize: 4096 } });

async function totalSlots(core: Core): Promise<number> {
  const url = core.demo.status().url ?? '';
  return ((await (await fetch(`${url}/props`)).json()) as { total_slots: number }).total_slots;
}

describe('the config operations on the built-in demo endpoint', () => {
  let demo: DemoCore;
  let core: Core;
  let ref: DemoCore['ref'];

  beforeAll(async () => {
    demo = await openDemoCore('Config test', slots(2));
    ({ core, ref } = demo);
  });
  afterAll(async () => demo.close());

  it('reads the running configuration through the demo method, with the bundled model and its memory estimate', async () => {
    const view = await core.invoke('config.read', ref);
    expect(view).toMatchObject({ source: 'launcher', launch: { kind: 'demo' }, config: slots(2), problems: [] });
    expect(view.model?.path).toMatch(/stories260K\.gguf$/);
    expect(view.memory?.sentence).toMatch(/^-np 2 -c 4096 needs .+ of KV cache \(.+ with the .+ model\); the host has .+ of RAM: it fits\.$/);
    expect(view.memory?.kvBytes).toBeGreaterThan(0);
  });

  it('checks a value out of range and a quantized V cache without flash attention, each with its message', async () => {
    const outOfRange = await core.invoke('config.check', { ...ref, config: { flags: { parallel: 0 } } });
    expect(outOfRange.problems).toEqual([{ severity: 'error', flags: ['parallel'], message: '-np 0: 0 is out of range.' }]);
    expect(outOfRange.memory).toBeNull();
    const quantized = await core.invoke('config.check', { ...ref, config: { flags: { ...slots(2).flags, cacheTypeV: 'q8_0', flashAttn: 'off' } } });
    expect(quantized.problems.map((problem) => problem.message)).toContainEqual(expect.stringMatching(/^-ctv q8_0 is a quantized V cache, which needs flash attention, and -fa off turns it off/));
  });

  it('refuses to apply a configuration with errors before anything restarts', async () => {
    const refused = (await core.invoke('config.apply', { ...ref, config: { flags: { parallel: 0 } } }).catch((error: unknown) => error)) as AppError;
    expect(refused.code).toBe('invalid_input');
    expect(refused.message).toBe('Not applied (nothing restarted): -np 0: 0 is out of range.');
    expect(await core.invoke('config.journal', { workspaceId: ref.workspaceId })).toEqual([]);
  });

  it('names a model file missing on the host as an error, and refuses to apply it', async () => {
    const missing: ServerConfig = { ...slots(2), model: '/nonexistent/model.gguf' };
    const checked = await core.invoke('config.check', { ...ref, config: missing });
    expect(checked.problems[0]).toMatchObject({ severity: 'error', flags: ['model'], message: expect.stringMatching(/^-m \/nonexistent\/model\.gguf: /) as string });
    await expect(core.invoke('config.apply', { ...ref, config: missing })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^Not applied \(nothing restarted\): -m \/nonexistent\/model\.gguf/) as string });
    expect(await core.invoke('config.journal', { workspaceId: ref.workspaceId })).toEqual([]);
  });

  it('refuses to restart the demo while a bench holds this machine', async () => {
    await core.invoke('hosts.update', { workspaceId: ref.workspaceId, target: { kind: 'local' } });
    const lease = await core.hosts.lease(ref.workspaceId, 'a bench');
    try {
      await expect(core.invoke('config.apply', { ...ref, config: slots(4) })).rejects.toMatchObject({ code: 'host_busy', message: expect.stringMatching(/^host busy: a bench since/) as string });
    } finally {
      lease.release();
    }
    expect(await totalSlots(core)).toBe(2);
  });

  it('plans, applies -np 4 with progress in order, journals it, and undoes it from the journal', async () => {
    const plan = await core.invoke('config.plan', { ...ref, config: slots(4) });
    expect(plan).toMatchObject({ launchKind: 'demo', restarts: true, problems: [] });
    expect(plan.argvBefore.join(' ')).toContain('--parallel 2');
    expect(plan.argvAfter.join(' ')).toContain('--parallel 4');
    expect(plan.memory?.sentence).toMatch(/^-np 4 -c 4096 needs/);

    const progress: Array<EventPayload<'config.progress'>> = [];
    const finished: Array<EventPayload<'config.finished'>> = [];
    const offProgress = core.bus.on('config.progress', (event) => progress.push(event));
    const offFinished = core.bus.on('config.finished', (event) => finished.push(event));
    const entry = await core.invoke('config.apply', { ...ref, config: slots(4) });
    offProgress();
    offFinished();
    expect(entry).toMatchObject({ result: 'applied', endpointId: ref.endpointId, before: slots(2), after: slots(4), launchKind: 'demo' });
    expect(progress.filter((event) => event.state === 'passed').map((event) => event.step)).toEqual(['snapshot', 'arm', 'restart', 'process', 'health', 'props', 'canary', 'confirm']);
    expect(progress.every((event) => event.endpointId === ref.endpointId)).toBe(true);
    expect(finished).toEqual([{ workspaceId: ref.workspaceId, endpointId: ref.endpointId, entryId: entry.id, result: 'applied' }]);
    expect(await totalSlots(core)).toBe(4);
    expect(await core.invoke('config.journal', { workspaceId: ref.workspaceId, endpointId: ref.endpointId })).toEqual([entry]);

    const undone = await core.invoke('config.rollback', { workspaceId: ref.workspaceId, entryId: entry.id, undo: true });
    expect(undone).toMatchObject({ result: 'applied', reappliedFrom: entry.id, before: slots(4), after: slots(2) });
    expect(await totalSlots(core)).toBe(2);
    expect((await core.invoke('config.journal', { workspaceId: ref.workspaceId })).map((e) => e.id)).toEqual([undone.id, entry.id]);
  });

  it('cancels an apply before its restart, leaving the server as it was', async () => {
    const finished: Array<EventPayload<'config.finished'>> = [];
    const offFinished = core.bus.on('config.finished', (event) => finished.push(event));
    const offProgress = core.bus.on('config.progress', (event) => {
      if (event.step === 'arm' && event.state === 'passed') void core.invoke('config.cancel', ref);
    });
    try {
      await expect(core.invoke('config.apply', { ...ref, config: slots(3) })).rejects.toMatchObject({ code: 'cancelled' });
    } finally {
      offProgress();
      offFinished();
    }
    expect(finished).toEqual([{ workspaceId: ref.workspaceId, endpointId: ref.endpointId, result: 'cancelled' }]);
    expect(await totalSlots(core)).toBe(2);
    expect((await core.invoke('config.journal', { workspaceId: ref.workspaceId }))[0]).toMatchObject({ result: 'cancelled', after: slots(3) });
    expect(await core.invoke('config.cancel', ref)).toEqual({ cancelled: false });
  });

  it('warns of a flag it does not know, then rolls back when the server refuses it, with the reason', async () => {
    const bad: ServerConfig = { ...slots(3), extraArgs: ['--no-such-flag'] };
    const checked = await core.invoke('config.check', { ...ref, config: bad });
    expect(checked.problems).toEqual([{ severity: 'warning', flags: [], message: expect.stringMatching(/^--no-such-flag is not a llama-server flag the workbench knows/) as string }]);
    const failure = (await core.invoke('config.apply', { ...ref, config: bad }).catch((error: unknown) => error)) as AppError;
    expect(failure.code).toBe('remote_command_failed');
    expect(failure.message).toMatch(/did not come up \(restart: .*--no-such-flag/);
    expect(failure.message).toContain('Rolled back: the previous configuration answers again.');
    expect(await totalSlots(core)).toBe(2);
    const [latest] = await core.invoke('config.journal', { workspaceId: ref.workspaceId });
    expect(latest).toMatchObject({ result: 'rolled_back', after: bad, failure: { step: 'restart' } });
  });

  it('records a launch method on an endpoint and refuses the demo method for any other', async () => {
    const other = await core.invoke('endpoints.add', { workspaceId: ref.workspaceId, url: 'http://127.0.0.1:9' });
    const launch = { kind: 'systemd' as const, unit: 'llama.service', scope: 'user' as const };
    expect(await core.invoke('endpoints.setLaunch', { workspaceId: ref.workspaceId, endpointId: other.id, launch })).toMatchObject({ id: other.id, launch });
    const [workspace] = (await core.invoke('workspaces.list', {})).filter((w) => w.id === ref.workspaceId);
    expect(workspace?.endpoints.find((e) => e.id === other.id)?.launch).toEqual(launch);
    await expect(core.invoke('endpoints.setLaunch', { workspaceId: ref.workspaceId, endpointId: other.id, launch: { kind: 'demo' } })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await core.invoke('endpoints.setLaunch', { workspaceId: ref.workspaceId, endpointId: other.id, launch: null })).not.toHaveProperty('launch');
  });
});
