import { readFile } from 'node:fs/promises';
import type { HostConnectionState } from '../../src-shared/schemas/host';
import type { TelemetryGap, TelemetrySample } from '../../src-shared/schemas/telemetry-sample';
import type { HostSession, StreamHandlers } from '../../src-main/core/hosts/host-session';
import { createTelemetrySession } from '../../src-main/core/telemetry/telemetry-session';

/**
 * Replays a timestamped capture of the sampler (`<epoch s> O|E <line>` per line, see
 * test/fixtures/host/README.md) through the real TelemetrySession, with its clock set to each
 * line's capture time, so samples come out stamped as they were live.
 */
export async function replaySamplerCapture(path: string): Promise<{ samples: TelemetrySample[]; gaps: TelemetryGap[] }> {
  const lines = (await readFile(path, 'utf8')).split('\n').filter((line) => line !== '');
  let nowMs = 0;
  let handlers: StreamHandlers | null = null;
  const state: HostConnectionState = { state: 'connected', sinceMs: 0 };
  const host: HostSession = {
    label: 'h100 capture',
    exec: async () => ({ stdout: '', stderr: '', exitCode: 0 }),
    stream: async (_argv, given) => {
      handlers = given;
      return { ended: new Promise(() => undefined), stop: async () => ({ exitCode: 0, reason: 'stopped' }) };
    },
    state: () => state,
    onState: () => () => undefined,
    close: async () => undefined,
  };
  const session = createTelemetrySession(host, { intervalMs: 1000, clock: () => nowMs });
  const samples: TelemetrySample[] = [];
  const gaps: TelemetryGap[] = [];
  session.onSample((sample) => samples.push(sample));
  session.onGap((gap) => gaps.push(gap));
  await session.start();
  for (const line of lines) {
    const match = /^(\d+\.\d+) ([OE]) ?(.*)$/.exec(line);
    if (match === null) continue;
    nowMs = Number(match[1]) * 1000;
    if (match[2] === 'O') handlers!.onStdoutLine(match[3] ?? '');
    else handlers!.onStderrLine?.(match[3] ?? '');
  }
  await session.stop();
  return { samples, gaps };
}
