import { writeFile } from 'node:fs/promises';
import { AppError } from '../../../src-shared/errors';
import { parseDurationS } from '../../../src-shared/metrics/duration';
import type { TelemetrySample } from '../../../src-shared/schemas/telemetry-sample';
import { collectTelemetry, type AdHocHost } from '../../core/index';
import { lastValue, parseArgs, parseIntegerOption, type CliIo, type ParsedArgs } from '../args';
import { hostBooleanNames, hostOptionNames, hostUsage, openHostFromArgs, reportCommandError } from './host-command-options';

export const telemetryUsage = `llmwb telemetry ${hostUsage} [--duration 10s] [--interval 1s] [--server-pid PID] [--json FILE|-]`;
export const telemetrySummary = 'Stream per-core CPU, memory, load and GPU telemetry of a host for a while and print one line per sample';

const pct = (value: number | null): string => (value === null ? '?' : `${Math.round(value)}%`);

/** One live line per sample: time since the first, CPU average and hottest core, memory, GPUs. */
export function formatSampleLine(sample: TelemetrySample, firstT: number): string {
  const hottest = sample.cpus.reduce<TelemetrySample['cpus'][number] | null>((best, cpu) => (best === null || cpu.busyPct > best.busyPct ? cpu : best), null);
  const memoryPct = sample.memory.totalBytes > 0 ? (sample.memory.usedBytes / sample.memory.totalBytes) * 100 : null;
  const parts = [
    `+${((sample.t - firstT) / 1000).toFixed(1)}s`,
    `cpu ${pct(sample.cpuTotal.busyPct)}${hottest === null ? '' : ` (max ${pct(hottest.busyPct)} cpu${hottest.id})`}`,
    `${sample.cpus.length} cpus`,
    `mem ${pct(memoryPct)}`,
    ...(sample.load === null ? [] : [`load ${sample.load.avg1.toFixed(2)}`]),
    ...sample.gpus.map((gpu) => `gpu${gpu.index} ${pct(gpu.utilPct)}`),
    ...(sample.server === null ? [] : [`server ${pct(sample.server.cpuPct)} ${sample.server.threads} thr`]),
  ];
  return parts.join('  ');
}

function readTiming(args: ParsedArgs): { durationMs: number; intervalMs: number } {
  const durationS = parseDurationS(lastValue(args, 'duration') ?? '10s');
  const intervalS = parseDurationS(lastValue(args, 'interval') ?? '1s');
  const problems = [
    ...(durationS === undefined || durationS <= 0 ? ['--duration must be a duration such as 10s or 2m'] : []),
    ...(intervalS === undefined || intervalS < 0.25 || intervalS > 5 ? ['--interval must be between 0.25s and 5s'] : []),
  ];
  if (problems.length > 0 || durationS === undefined || intervalS === undefined) throw new AppError('invalid_input', problems.join('\n'));
  return { durationMs: durationS * 1000, intervalMs: intervalS * 1000 };
}

/**
 * `llmwb telemetry`: streams --host's telemetry for --duration at --interval from one
 * remote sampling loop, prints a line per sample (and reconnects, with the gap reported),
 * and writes `{ host, intervalMs, samples[], gaps[], problems[] }` with --json (`-` = stdout).
 * Exit codes: 0 samples arrived, 1 none did or the host failed, 2 bad input.
 */
export async function telemetryCommand(argv: string[], io: CliIo): Promise<number> {
  let host: AdHocHost | undefined;
  try {
    const args = parseArgs(argv, { options: [...hostOptionNames, 'duration', 'interval', 'server-pid', 'json'], booleans: [...hostBooleanNames] });
    if (args.positionals.length > 0) throw new AppError('invalid_input', `unexpected argument ${args.positionals[0]}; usage: ${telemetryUsage}`);
    const timing = readTiming(args);
    const serverPid = parseIntegerOption(lastValue(args, 'server-pid'), 'server-pid');
    const jsonPath = lastValue(args, 'json');
    const say = jsonPath === '-' ? (line: string) => io.err(line) : (line: string) => io.out(line);
    host = await openHostFromArgs(args, io);
    let firstT: number | undefined;
    const collected = await collectTelemetry(host.session, {
      ...timing,
      ...(serverPid === undefined ? {} : { serverPid }),
      onSample: (sample) => say(formatSampleLine(sample, (firstT ??= sample.t - sample.intervalMs))),
      onState: (state) => (state === 'reconnecting' ? say(`telemetry: ${host?.session.label} dropped, reconnecting…`) : undefined),
    });
    for (const gap of collected.gaps) say(`gap: ${((gap.endT - gap.startT) / 1000).toFixed(1)} s without data (${gap.reason})`);
    for (const problem of collected.problems) io.err(`problem: ${problem.message}`);
    say(`${collected.samples.length} samples, ${collected.gaps.length} gaps`);
    const report = { host: host.session.label, intervalMs: timing.intervalMs, samples: collected.samples, gaps: collected.gaps, problems: collected.problems.map((problem) => problem.toWire()) };
    if (jsonPath === '-') io.out(JSON.stringify(report, null, 2));
    else if (jsonPath !== undefined) await writeFile(jsonPath, `${JSON.stringify(report)}\n`);
    return collected.samples.length > 0 ? 0 : 1;
  } catch (error) {
    return reportCommandError(io, 'telemetry', error);
  } finally {
    await host?.close();
  }
}
