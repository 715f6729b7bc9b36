import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyConfig, rollbackTo } from '../../src-main/core/configure/apply-config';
import { createDemoLauncher } from '../../src-main/core/configure/demo-launcher';
import { createConfigJournal } from '../../src-main/core/configure/journal';
import type { StepEvent } from '../../src-main/core/configure/readiness-gate';
import { createLocalHost } from '../../src-main/core/hosts/local-host';
import { createCore, type Core } from '../../src-main/core/index';
import { defaultWorkerEntry } from '../../src-main/core/loadgen/worker-entry';
import { createInProcessDemoPort } from '../../src-main/demo/demo-port';
import type { AppError } from '../../src-shared/errors';
import type { ServerConfig } from '../../src-shared/schemas/server-config';
import { makeTempDir } from '../support/temp-dir';

const demoPort = createInProcessDemoPort({ engine: 'sim', simTokenMs: 2 });
const slots = (parallel: number): ServerConfig => ({ flags: { parallel, ctxSize: 4096 } });

async function totalSlots(url: string | undefined): Promise<number> {
  return ((await (await fetch(`${url ?? ''}/props`)).json()) as { total_slots: number }).total_slots;
}

describe('applying a configuration to the built-in demo server', () => {
  let core: Core;
  let cleanup: () => Promise<void>;
  let dataDir: string;

  beforeEach(async () => {
    const temp = await makeTempDir();
    cleanup = temp.cleanup;
    dataDir = temp.dir;
    core = await createCore({ dataDir, shell: 'cli', version: 'test', workerEntry: defaultWorkerEntry(), demo: demoPort });
    await core.demo.ensure(slots(2));
  });
  afterEach(async () => {
    await core.close();
    await cleanup();
  });

  const setup = () => {
    const launcher = createDemoLauncher(core.demo);
    const journal = createConfigJournal({ dataDir, workspaceId: 'ws-demo' });
    const base = { launcher, session: createLocalHost(), hostStateDir: `${dataDir}/host-state`, endpointUrl: () => launcher.url(), journal, workspaceId: 'ws-demo' };
    return { launcher, journal, base };
  };

  it('restarts it with -np 4, passes every readiness step, and journals the change', async () => {
    const { launcher, journal, base } = setup();
    const events: StepEvent[] = [];
    const entry = await applyConfig({ ...base, next: slots(4), onStep: (event) => events.push(event) });
    expect(await totalSlots(launcher.url())).toBe(4);
    expect(entry).toMatchObject({ result: 'applied', before: slots(2), after: slots(4), launchKind: 'demo', clamped: [] });
    const passed = events.filter((event) => event.state === 'passed').map((event) => event.step);
    expect(passed).toEqual(['snapshot', 'arm', 'restart', 'process', 'health', 'props', 'canary', 'confirm']);
    expect(await journal.list()).toEqual([entry]);
    expect(await createConfigJournal({ dataDir, workspaceId: 'ws-other' }).list()).toEqual([]);
  });

  it('rolls back a configuration the demo refuses, saying why, and keeps serving the previous one', async () => {
    const { launcher, journal, base } = setup();
    const failure = (await applyConfig({ ...base, next: { flags: { parallel: 4 }, extraArgs: ['--no-such-flag'] } }).catch((error: unknown) => error)) as AppError;
    expect(failure.code).toBe('remote_command_failed');
    expect(failure.message).toMatch(/did not come up \(restart: .*--no-such-flag/);
    expect(failure.message).toContain('Rolled back: the previous configuration answers again.');
    expect(await totalSlots(launcher.url())).toBe(2);
    const [entry] = await journal.list();
    expect(entry).toMatchObject({ result: 'rolled_back', failure: { step: 'restart' } });
    expect(entry?.logExcerpt.join('\n')).toContain('--no-such-flag');
  });

  it('re-applies a journal entry ("roll back to this") as a new entry that names it', async () => {
    const { launcher, base } = setup();
    const four = await applyConfig({ ...base, next: slots(4) });
    await applyConfig({ ...base, next: slots(3) });
    expect(await totalSlots(launcher.url())).toBe(3);
    const back = await rollbackTo({ ...base, entryId: four.id });
    expect(back).toMatchObject({ result: 'applied', reappliedFrom: four.id, before: slots(3), after: slots(4) });
    expect(await totalSlots(launcher.url())).toBe(4);
  });

  it('leaves the server untouched when cancelled before the restart', async () => {
    const { launcher, journal, base } = setup();
    const cancel = new AbortController();
    const events: StepEvent[] = [];
    const applying = applyConfig({ ...base, next: slots(4), signal: cancel.signal, onStep: (event) => {
      events.push(event);
      if (event.step === 'arm' && event.state === 'passed') cancel.abort();
    } });
    await expect(applying).rejects.toMatchObject({ code: 'cancelled' });
    expect(events.some((event) => event.step === 'restart')).toBe(false);
    expect(await totalSlots(launcher.url())).toBe(2);
    expect((await journal.list())[0]?.result).toBe('cancelled');
  });

  it('rolls back when cancelled after the restart began', async () => {
    const { launcher, journal, base } = setup();
    const cancel = new AbortController();
    const applying = applyConfig({ ...base, next: slots(4), signal: cancel.signal, onStep: (event) => {
      if (event.step === 'restart' && event.state === 'passed') cancel.abort();
    } });
    await expect(applying).rejects.toMatchObject({ code: 'cancelled' });
    expect(await totalSlots(launcher.url())).toBe(2);
    expect((await journal.list())[0]).toMatchObject({ result: 'cancelled', failure: { step: 'cancel' } });
  });
});
