import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../src-shared/contract';
import { HostStatus } from '../../src-shared/schemas/host-status';
import type { RunRecord } from '../../src-shared/schemas/run-result';
import { TelemetryRecord } from '../../src-shared/schemas/telemetry-sample';
import { EventBus } from '../../src-main/core/events';
import { createHostService, knownHostsPath, type HostService } from '../../src-main/core/host-service/host-service';
import { prepareAttachments } from '../../src-main/core/runs/run-attachments';
import { telemetryAttachment, workspaceTelemetrySource } from '../../src-main/core/runs/telemetry-attachment';
import { readTelemetryPage } from '../../src-main/core/runs/run-telemetry-read';
import { houseClock } from '../../src-main/core/clock';
import { RunFolder } from '../../src-main/core/store/run-folder';
import { createMemorySecrets } from '../../src-main/core/store/secrets';
import { openStore, type Store } from '../../src-main/core/store/store';
import { disposeSshd, startSshd, type Sshd } from '../support/sshd';
import { makeTempDir } from '../support/temp-dir';

const nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
let sshd: Sshd;
let temp: Awaited<ReturnType<typeof makeTempDir>>;
let store: Store;
let bus: EventBus;
let hosts: HostService;

beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(() => disposeSshd(sshd));
beforeEach(async () => {
  temp = await makeTempDir();
  store = await openStore(temp.dir);
  bus = new EventBus();
  hosts = createHostService({ workspaces: store.workspaces, dataDir: temp.dir, secrets: createMemorySecrets(), bus, hostOptions: { reconnect: { initialDelayMs: 100, maxDelayMs: 400 } } });
});
afterEach(async () => {
  await hosts.close();
  await temp.cleanup();
});

/** Resolves with the next event of `name` that passes `accept`; rejects after `timeoutMs`. */
function nextEvent<K extends EventName>(name: K, accept: (payload: EventPayload<K>) => boolean = () => true, timeoutMs = 15_000): Promise<EventPayload<K>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`no ${name} event within ${timeoutMs} ms`))), timeoutMs);
    const off = bus.on(name, (payload) => {
      if (!accept(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

async function sshWorkspace(): Promise<string> {
  const workspace = await store.workspaces.create({ name: 'loopback', hostLabel: 'sshd' });
  await hosts.update({ workspaceId: workspace.id, target: { kind: 'ssh', address: sshd.address, port: sshd.port, user: sshd.user, auth: { kind: 'key', identityPath: sshd.clientKeyPath } } });
  return workspace.id;
}

async function trustServer(workspaceId: string): Promise<void> {
  await mkdir(join(temp.dir, 'known-hosts'), { recursive: true });
  await copyFile(sshd.knownHostsPath, knownHostsPath(temp.dir, workspaceId));
}

describe('the host service over OpenSSH on loopback', () => {
  it('shows an unknown host key with its SHA256 fingerprint and connects once it is accepted', async () => {
    const workspaceId = await sshWorkspace();
    const asked = await hosts.connect(workspaceId);
    HostStatus.parse(asked);
    expect(asked.connection).toMatchObject({ state: 'failed', reason: { code: 'host_key_unknown' } });
    // The fingerprint shown must be the one OpenSSH itself prints for the server's host key.
    const expected = execFileSync('ssh-keygen', ['-lf', join(sshd.dir, 'host_ed25519.pub')], { encoding: 'utf8' }).split(' ')[1];
    expect(asked.pendingKey?.fingerprintSha256).toBe(expected);

    const connected = nextEvent('host.stateChanged', (status) => status.connection.state === 'connected');
    const accepted = await hosts.acceptKey(workspaceId, expected!);
    expect(accepted.connection.state).toBe('connected');
    expect(accepted.pendingKey).toBeNull();
    await connected;
    expect(await readFile(knownHostsPath(temp.dir, workspaceId), 'utf8')).toMatch(new RegExp(`^\\[127\\.0\\.0\\.1\\]:${sshd.port} ssh-ed25519 `));
  });

  it('refuses to accept a fingerprint other than the one it showed', async () => {
    const workspaceId = await sshWorkspace();
    await hosts.connect(workspaceId);
    await expect(hosts.acceptKey(workspaceId, `SHA256:${'A'.repeat(43)}`)).rejects.toMatchObject({ code: 'conflict' });
    expect((await hosts.status(workspaceId)).connection.state).toBe('failed');
  });

  it('refuses a changed host key with a clear warning and offers nothing to accept', async () => {
    const workspaceId = await sshWorkspace();
    const otherKey = (await readFile(`${sshd.wrongKeyPath}.pub`, 'utf8')).split(' ').slice(0, 2).join(' ');
    await mkdir(join(temp.dir, 'known-hosts'), { recursive: true });
    await writeFile(knownHostsPath(temp.dir, workspaceId), `[127.0.0.1]:${sshd.port} ${otherKey}\n`);
    const status = await hosts.connect(workspaceId);
    expect(status.connection).toMatchObject({ state: 'failed', reason: { code: 'host_key_changed' } });
    expect(status.connection.state === 'failed' && status.connection.reason.message).toMatch(/^REFUSED: the host key of root@127\.0\.0\.1:\d+ has changed/);
    expect(status.pendingKey).toBeNull();
  });

  it('streams telemetry events with one entry per CPU and records a run into its folder', async () => {
    const workspaceId = await sshWorkspace();
    await trustServer(workspaceId);
    expect((await hosts.connect(workspaceId)).connection.state).toBe('connected');
    const samples: number[] = [];
    bus.on('telemetry.sample', (event) => {
      expect(event.workspaceId).toBe(workspaceId);
      expect(event.sample.cpus).toHaveLength(nproc);
      samples.push(event.sample.t);
    });
    const streaming = nextEvent('host.stateChanged', (status) => status.telemetry.state === 'streaming');
    await hosts.startTelemetry(workspaceId, 500);
    await streaming;
    await nextEvent('telemetry.sample');

    const folder = await RunFolder.create(join(temp.dir, 'runs'), 'run1');
    const recorder = await hosts.attachRun({ workspaceId, runId: 'run1', folder, runStartT: samples.at(-1)! });
    expect(recorder).not.toBeNull();
    expect((await hosts.status(workspaceId)).recordingRunIds).toEqual(['run1']);
    for (let i = 0; i < 3; i += 1) await nextEvent('telemetry.sample');
    const summary = await recorder!.stop();

    expect(summary.samples).toBeGreaterThanOrEqual(3);
    expect(summary.cpus).toHaveLength(nproc);
    expect(summary.cpus.map((cpu) => cpu.id)).toEqual(Array.from({ length: nproc }, (_, i) => `cpu${i}`));
    for (const cpu of summary.cpus) expect(cpu.peakPct).toBeGreaterThanOrEqual(cpu.meanPct);
    expect(summary.host).toBe(`root@127.0.0.1:${sshd.port}`);
    const lines = (await readFile(folder.path('telemetry'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(summary.samples + summary.gaps);
    for (const line of lines) TelemetryRecord.parse(JSON.parse(line));
    const page = await readTelemetryPage(folder.path('telemetry'), { cursor: 0, limit: 2 });
    expect(page.frames).toHaveLength(2);
    expect(page.frames[0]!.busy).toHaveLength(nproc);
    const rest = await readTelemetryPage(folder.path('telemetry'), { cursor: page.nextCursor!, limit: 100 });
    expect(rest.frames.length).toBe(summary.samples - 2);
    expect(rest.nextCursor).toBeNull();
    // The user's stream keeps going after the run's recorder stopped.
    expect((await hosts.status(workspaceId)).telemetry.state).toBe('streaming');
    expect((await hosts.recent(workspaceId)).frames.length).toBeGreaterThanOrEqual(4);
  });

  it('records a run’s telemetry as its attachment: connects the idle host, starts before the load, stops with the run', async () => {
    const workspaceId = await sshWorkspace();
    await trustServer(workspaceId);
    const record = runRecord('run2', workspaceId);
    const folder = await RunFolder.create(join(temp.dir, 'runs'), 'run2');
    // withTelemetry: the attachment connects the idle host and starts a stream owned by the run,
    // and preparing returns only once the first sample is on record.
    const attached = await prepareAttachments([telemetryAttachment(workspaceTelemetrySource(hosts))], { runId: 'run2', record, folder });
    expect((await hosts.status(workspaceId)).recordingRunIds).toContain('run2');
    const loadStart = houseClock();
    attached.begin(loadStart);
    for (let i = 0; i < 2; i += 1) await nextEvent('telemetry.sample');
    const { part, notes } = await attached.finish();

    expect(notes).toEqual([]);
    // The file's first line is the sample preparing waited for (read once finish has flushed it).
    const firstSampleAt = JSON.parse((await readFile(folder.path('telemetry'), 'utf8')).split('\n')[0]!).t as number;
    expect(firstSampleAt).toBeLessThanOrEqual(loadStart);
    expect(part.telemetry!.samples).toBeGreaterThanOrEqual(3);
    expect(part.telemetry!.runStartT).toBe(loadStart);
    // The stream was started for the run alone, so it ends with it.
    await expect.poll(async () => (await hosts.status(workspaceId)).telemetry.state).toBe('off');
  });

  it('keeps a typed password out of the index and in the secret store', async () => {
    const workspace = await store.workspaces.create({ name: 'password host', hostLabel: 'pw' });
    const updated = await hosts.update({ workspaceId: workspace.id, target: { kind: 'ssh', address: 'gpu-box.lan', port: 22, user: 'llm', auth: { kind: 'password', password: 'hunter2-secret' } } });
    expect(updated.host.spec).toMatchObject({ auth: { kind: 'password', passwordSecretId: `${workspace.id}-host-password` } });
    expect(await readFile(join(temp.dir, 'index.json'), 'utf8')).not.toContain('hunter2-secret');
    // Saving again without retyping keeps the stored password.
    const again = await hosts.update({ workspaceId: workspace.id, target: { kind: 'ssh', address: 'gpu-box.lan', port: 2222, user: 'llm', auth: { kind: 'password' } } });
    expect(again.host.spec).toMatchObject({ port: 2222, auth: { kind: 'password' } });
  });
});

function runRecord(id: string, workspaceId: string): RunRecord {
  const plan = { workspaceId, url: 'http://127.0.0.1:1', load: { kind: 'closed' as const, virtualUsers: 1 }, durationS: 5, withTelemetry: true };
  return { id, workspaceId, url: plan.url, startedAt: Date.now(), status: 'running', plan: plan as RunRecord['plan'] };
}
