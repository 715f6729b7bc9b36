import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostConnectionState } from '../../src-shared/schemas/host';
import type { TelemetryGap, TelemetrySample } from '../../src-shared/schemas/telemetry-sample';
import { createKnownHostsFile } from '../../src-main/core/hosts/known-hosts';
import { connectSshHost } from '../../src-main/core/hosts/ssh-host';
import { createTelemetrySession, type TelemetryState } from '../../src-main/core/telemetry/telemetry-session';
import { disposeSshd, sshdHostSpec, startSshd, type Sshd } from '../support/sshd';

let sshd: Sshd;

beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await disposeSshd(sshd);
});

/** Resolves when `predicate` holds, checking after every event the caller reports through `poke`. */
function until(predicate: () => boolean): { done: Promise<void>; poke(): void } {
  let resolve: () => void = () => undefined;
  const done = new Promise<void>((r) => (resolve = r));
  const poke = (): void => {
    if (predicate()) resolve();
  };
  return { done, poke };
}

describe('telemetry across an sshd restart', () => {
  it('marks the session reconnecting when sshd stops, and resumes with the gap recorded when it starts again', async () => {
    const host = await connectSshHost({
      spec: sshdHostSpec(sshd),
      knownHosts: createKnownHostsFile(sshd.knownHostsPath),
      reconnect: { initialDelayMs: 200, maxDelayMs: 800 },
      keepaliveIntervalMs: 1000,
    });
    const hostStates: HostConnectionState['state'][] = [];
    const sessionStates: TelemetryState[] = [];
    const samples: TelemetrySample[] = [];
    const gaps: TelemetryGap[] = [];
    const checks: Array<() => void> = [];
    const poke = (): void => checks.forEach((check) => check());
    host.onState((state) => (hostStates.push(state.state), poke()));
    const session = createTelemetrySession(host, { intervalMs: 500 });
    session.onState((state) => (sessionStates.push(state), poke()));
    session.onSample((sample) => (samples.push(sample), poke()));
    session.onGap((gap) => (gaps.push(gap), poke()));
    await session.start();

    const twoSamples = until(() => samples.length >= 2);
    checks.push(twoSamples.poke);
    await twoSamples.done;
    const beforeStop = samples.length;
    const reconnecting = until(() => session.state() === 'reconnecting' && host.state().state === 'reconnecting');
    checks.push(reconnecting.poke);
    await sshd.stop();
    await reconnecting.done;
    const stoppedAt = performance.timeOrigin + performance.now();

    await sshd.start();
    const resumed = until(() => gaps.length === 1 && samples.length >= beforeStop + 2);
    checks.push(resumed.poke);
    await resumed.done;
    await session.stop();
    await host.close();

    expect(hostStates).toEqual(expect.arrayContaining(['reconnecting', 'connected']));
    expect(sessionStates).toEqual(expect.arrayContaining(['streaming', 'reconnecting']));
    expect(sessionStates.at(-1)).toBe('stopped');
    const [gap] = gaps;
    expect(gap!.reason).toBe('connection lost');
    expect(gap!.startT).toBe(samples[beforeStop - 1]!.t);
    expect(gap!.endT).toBeGreaterThan(stoppedAt);
    const after = samples.slice(beforeStop);
    // Host instants are placed on our clock by an offset kept as a running minimum of (received −
    // host uptime): a later, better estimate can place a sample a few ms earlier than the estimate
    // in force when the gap's end was stamped (1.7 ms seen on a loaded machine). A sample that
    // averaged across the hole would start a whole outage earlier.
    expect(after[0]!.t - after[0]!.intervalMs).toBeGreaterThanOrEqual(gap!.endT - 25);
    // Nothing is averaged across the hole: every sample covers one interval, not the downtime.
    for (const sample of samples) expect(sample.intervalMs).toBeLessThan(1000);
  });
});
