import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseServerConfig } from '../../src-shared/llama/server-args';
import { parseThresholds } from '../../src-shared/metrics/thresholds';
import { RequestRecord } from '../../src-shared/schemas/request-record';
import { RunSummary } from '../../src-shared/schemas/run-result';
import { ServerSample } from '../../src-shared/schemas/server-sample';
import { TelemetrySample } from '../../src-shared/schemas/telemetry-sample';
import type { DiagnosisEvidence, DiagnosisProbe } from '../../src-main/core/diagnose/evidence';
import type { InventoryFacts } from '../../src-main/core/findings/inventory/inventory-facts';
import { parseProbe } from '../../src-main/core/inventory/parse-probe';
import { replaySamplerCapture } from './replay-sampler';

export type ScenarioName = 'healthy-np4-t1' | 'slots-too-few-np1' | 'threads-oversubscribed-t2' | 'context-too-small-c512';

const fixtures = join(__dirname, '..', 'fixtures');
const read = (...parts: string[]): string => readFileSync(join(fixtures, ...parts), 'utf8');

/** The build machine the scenarios ran on, from its own inventory probe (no llama-server was running then). */
export function buildMachineInventory(): InventoryFacts {
  const probe = parseProbe(read('host', 'probe-debian12-2vcpu.txt'));
  return { host: 'local', takenAt: 0, os: probe.os, cpu: probe.cpu, memory: probe.memory, gpus: [], gpuTools: [], containerRuntimes: [], container: null, cgroup: null, server: null };
}

interface ExportFile {
  runId: string;
  plan: { load: { virtualUsers: number } };
  summary: unknown;
  server: unknown[];
  requests: unknown[];
}

/**
 * One recorded scenario (test/fixtures/diagnose, an older CLI export) as the findings step's
 * input: its run as the one probe, the server flags from cmdline.txt, /props, the log, and the
 * build machine's inventory. The generator ran on the server's host; the SLO is TTFT p95 < 1 s.
 */
export function loadScenario(name: ScenarioName): DiagnosisEvidence {
  const exported = JSON.parse(read('diagnose', name, 'export.json')) as ExportFile;
  const telemetry = JSON.parse(read('diagnose', name, 'telemetry.json')) as { samples: unknown[] };
  const props = JSON.parse(read('diagnose', name, 'props.json')) as { total_slots: number; build_info: string; is_sleeping: boolean; default_generation_settings: { n_ctx: number } };
  const serverLine = read('diagnose', name, 'cmdline.txt').split('\n')[0]!;
  const argv = serverLine.replace(/^server: llama-server v[\d.]+ /, '').split(' ');
  const probe: DiagnosisProbe = {
    runId: exported.runId,
    users: exported.plan.load.virtualUsers,
    summary: RunSummary.parse(exported.summary),
    serverSamples: exported.server.map((sample) => ServerSample.parse(sample)),
    telemetry: telemetry.samples.map((sample) => TelemetrySample.parse(sample)),
    requests: exported.requests.map((record) => RequestRecord.parse(record)),
  };
  return {
    probes: [probe],
    inventory: buildMachineInventory(),
    server: { totalSlots: props.total_slots, nCtxPerSlot: props.default_generation_settings.n_ctx, buildInfo: props.build_info, isSleeping: props.is_sleeping, log: read('diagnose', name, 'server.log') },
    config: parseServerConfig(argv).config,
    slo: parseThresholds('ttft_p95<1000').thresholds,
    isLoadgenOnServerHost: true,
  };
}

/**
 * The captured H100's power limit (W), from its own nvidia-smi line in the sampler capture (field
 * 14, power.limit), and its maximum SM clock (MHz), which that query does not ask: taken from the
 * live capture of the same model, nvidia-smi-h100-live.csv (field 18, clocks.max.sm), by the
 * captured GPU's id.
 */
export function h100Limits(): { gpuPowerLimitsW: Record<string, number>; gpuMaxSmClockMhz: Record<string, number> } {
  const smiLine = read('host', 'sampler-stream-h100-timed.txt').split('\n').find((line) => / E \d{4}\/\d\d\/\d\d .*GPU-/.test(line))!;
  const fields = smiLine.replace(/^\S+ E /, '').split(', ');
  const live = read('host', 'nvidia-smi-h100-live.csv').trim().split(', ');
  return { gpuPowerLimitsW: { [fields[2]!]: Number(fields[13]) }, gpuMaxSmClockMhz: { [fields[2]!]: Number(live[17]) } };
}

/**
 * The live H100 capture's samples from `fromS` to `toS` seconds after its first (0–5 s idle,
 * 11–22 s the GPU at 100 %, 14–22 s one CPU core spinning for it), re-timed onto `probe`'s load
 * window one second apart so they read as that probe's telemetry. Only the timestamps change.
 */
export async function h100Telemetry(probe: DiagnosisProbe, fromS: number, toS: number): Promise<TelemetrySample[]> {
  const { samples } = await replaySamplerCapture(join(fixtures, 'host', 'sampler-stream-h100-timed.txt'));
  const t0 = samples[0]!.t;
  const start = Math.min(...(probe.requests ?? []).map((record) => record.sentMs));
  return samples
    .filter((sample) => sample.t - t0 >= fromS * 1000 - 500 && sample.t - t0 <= toS * 1000 + 500)
    .map((sample, index) => ({ ...sample, t: start + 1000 * (index + 1), intervalMs: 1000 }));
}

/** A deep copy of the evidence with its one probe changed by `edit` (tests say which figure and why). */
export function editProbe(evidence: DiagnosisEvidence, edit: (probe: DiagnosisProbe) => DiagnosisProbe): DiagnosisEvidence {
  const copy = structuredClone(evidence);
  return { ...copy, probes: copy.probes.map(edit) };
}
