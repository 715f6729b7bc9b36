/**
 * The remote sampler's own CPU cost (issue #4, first performance figure): run the telemetry
 * sampler at 1 s for 60 s and read its whole process tree's CPU time (the sh loop with the
 * `tail`/`sleep` children it reaped, plus the background nvidia-smi where there is one) from
 * /proc on the host, before and after. Goal: under 0.5 % of one core.
 *
 *   npx tsx test/bench/telemetry.bench.ts [--seconds 60] [--local]
 *
 * Default host: a real OpenSSH server on loopback (test/support/sshd.ts); `--local` samples
 * this machine through LocalHost (for hosts without sshd, such as a GPU box). Then the UI
 * figures in Debian's Chromium: sample_to_ui_ms through browser mode (sample-to-ui.ts) and the
 * heatmap's first draw and live update at 256 threads × 3,600 samples (heatmap-bench.ts).
 * `--no-ui` skips those. Ends with one line `telemetry: sampler_cpu_pct=… sample_to_ui_ms=…
 * heatmap_first_draw_ms=… heatmap_update_ms=…` (medians; the p95s are printed above it).
 */
import { createKnownHostsFile } from '../../src-main/core/hosts/known-hosts';
import type { HostSession } from '../../src-main/core/hosts/host-session';
import { createLocalHost } from '../../src-main/core/hosts/local-host';
import { connectSshHost } from '../../src-main/core/hosts/ssh-host';
import { parsePidStat, type PidStat } from '../../src-main/core/telemetry/parse-proc-files';
import { createTelemetrySession } from '../../src-main/core/telemetry/telemetry-session';
import { disposeSshd, startSshd, type Sshd } from '../support/sshd';
import { measureHeatmap } from './heatmap-bench';
import { measureSampleToUi } from './sample-to-ui';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback);
}

/** CPU ticks of `root` and every process below it, from one read of all /proc/<pid>/stat files. */
async function treeTicks(host: HostSession, root: number): Promise<number> {
  const { stdout } = await host.exec(['sh', '-c', 'cat /proc/[0-9]*/stat 2>/dev/null; true']);
  const stats: Array<{ stat: PidStat; parent: number }> = [];
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const stat = parsePidStat(line);
      stats.push({ stat, parent: Number(line.slice(line.lastIndexOf(')') + 2).split(' ')[1]) });
    } catch {
      // A process that vanished mid-read.
    }
  }
  const inTree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const { stat, parent } of stats) {
      if (inTree.has(parent) && !inTree.has(stat.pid)) {
        inTree.add(stat.pid);
        grew = true;
      }
    }
  }
  return stats
    .filter(({ stat }) => inTree.has(stat.pid))
    .reduce((sum, { stat }) => sum + stat.utimeTicks + stat.stimeTicks + stat.childUtimeTicks + stat.childStimeTicks, 0);
}

async function openHost(local: boolean): Promise<{ host: HostSession; sshd?: Sshd }> {
  if (local) return { host: createLocalHost() };
  const sshd = await startSshd();
  const host = await connectSshHost({
    spec: { kind: 'ssh', address: sshd.address, port: sshd.port, user: sshd.user, auth: { kind: 'key', identityPath: sshd.clientKeyPath } },
    knownHosts: createKnownHostsFile(sshd.knownHostsPath),
  });
  return { host, sshd };
}

async function main(): Promise<void> {
  const seconds = Number(option('seconds', '60'));
  const local = process.argv.includes('--local');
  const { host, sshd } = await openHost(local);
  const session = createTelemetrySession(host, { intervalMs: 1000 });
  const samplerPcts: number[] = [];
  let firstSample: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (firstSample = resolve));
  session.onSample((sample) => {
    if (sample.samplerCpuPct !== null) samplerPcts.push(sample.samplerCpuPct);
    firstSample();
  });
  await session.start();
  await started;
  const sampler = session.sampler();
  if (sampler === null) throw new Error('the sampler never said hello');
  const ticksBefore = await treeTicks(host, sampler.samplerPid);
  const wallBefore = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const ticksAfter = await treeTicks(host, sampler.samplerPid);
  const wallS = (performance.now() - wallBefore) / 1000;
  await session.stop();
  await host.close();
  await disposeSshd(sshd);
  const treePct = ((ticksAfter - ticksBefore) / sampler.ticksPerS / wallS) * 100;
  const selfPct = samplerPcts.reduce((sum, pct) => sum + pct, 0) / Math.max(samplerPcts.length, 1);
  console.log(`host: ${local ? 'this machine (LocalHost)' : 'OpenSSH on loopback (SshHost)'}; interval 1 s; measured ${wallS.toFixed(1)} s`);
  console.log(`sampler process tree CPU: ${ticksAfter - ticksBefore} ticks at ${sampler.ticksPerS}/s = ${treePct.toFixed(3)} % of one core`);
  console.log(`sampler self-reported (sh + reaped children, mean of ${samplerPcts.length} samples): ${selfPct.toFixed(3)} %`);
  const ui = process.argv.includes('--no-ui') ? null : await measureUi();
  const fixed = (value: number | undefined, digits: number) => (value === undefined ? 'n/a' : value.toFixed(digits));
  console.log(
    `telemetry: sampler_cpu_pct=${treePct.toFixed(3)} sample_to_ui_ms=${fixed(ui?.toUi.medianMs, 0)} heatmap_first_draw_ms=${fixed(ui?.heatmap.firstDrawMs, 1)} heatmap_update_ms=${fixed(ui?.heatmap.update.medianMs, 2)}`,
  );
}

async function measureUi() {
  const toUi = await measureSampleToUi({ seconds: 20, intervalMs: 1000 });
  console.log(`sample to UI (1 s interval, ${toUi.samples} samples, sshd on loopback → core → WebSocket → React → canvas): median ${toUi.medianMs.toFixed(0)} ms, p95 ${toUi.p95Ms.toFixed(0)} ms, max ${toUi.maxMs.toFixed(0)} ms`);
  const heatmap = await measureHeatmap({ cpus: 256, gpus: 8, samples: 3600, updates: 300, width: 1400 });
  const update = heatmap.update;
  console.log(`heatmap 256 threads × 3,600 samples + 8 GPUs, canvas ${heatmap.canvas.width}×${heatmap.canvas.height}: ingest ${heatmap.ingestMs.toFixed(0)} ms, first draw ${heatmap.firstDrawMs.toFixed(1)} ms`);
  console.log(`heatmap live update (${update.incremental} incremental + ${update.full} full of 300): median ${update.medianMs.toFixed(2)} ms, p95 ${update.p95Ms.toFixed(2)} ms, max ${update.maxMs.toFixed(2)} ms`);
  return { toUi, heatmap };
}

await main();
