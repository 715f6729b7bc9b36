/**
 * The remote sampler's own CPU cost (issue #4, first performance figure): run the telemetry
 * sampler at 1 s for 60 s and read its whole process tree's CPU time (the sh loop with the
 * `tail`/`sleep` children it reaped, plus the background nvidia-smi where there is one) from
 * /proc on the host, before and after. Goal: under 0.5 % of one core.
 *
 *   npx tsx test/bench/telemetry.bench.ts [--seconds 60] [--local]
 *
 * Default host: a real OpenSSH server on loopback (test/support/sshd.ts); `--local` samples
 * this machine through LocalHost (for hosts without sshd, such as a GPU box). Prints its
 * figures and ends with one line `telemetry: sampler_cpu_pct=… …`; the UI figures of that
 * line (sample_to_ui_ms, heatmap_*) belong to the heatmap and print as n/a here.
 */
import { createKnownHostsFile } from '../../src-main/core/hosts/known-hosts';
import type { HostSession } from '../../src-main/core/hosts/host-session';
import { createLocalHost } from '../../src-main/core/hosts/local-host';
import { connectSshHost } from '../../src-main/core/hosts/ssh-host';
import { parsePidStat, type PidStat } from '../../src-main/core/telemetry/parse-proc-files';
import { createTelemetrySession } from '../../src-main/core/telemetry/telemetry-session';
import { disposeSshd, startSshd, type Sshd } from '../support/sshd';

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
  console.log(`telemetry: sampler_cpu_pct=${treePct.toFixed(3)} sample_to_ui_ms=n/a heatmap_first_draw_ms=n/a heatmap_update_ms=n/a`);
}

await main();
