import type { GpuInventory } from '../../../src-shared/schemas/inventory';
import { toAppError } from '../../../src-shared/errors';
import type { HostSession } from '../hosts/host-session';
import { execText } from '../hosts/host-session';
import { parseAmdSmiMetricJson } from '../telemetry/parse-amd-smi';
import { nvidiaQueryFields, parseNvidiaSmiCsv } from '../telemetry/parse-nvidia-smi';
import { parseRadeontopDump } from '../telemetry/parse-radeontop';
import { parseRocmSmiJson } from '../telemetry/parse-rocm-smi';
import { parseLspciDisplays, type LspciDisplay } from './parse-lspci';

const mib = 1024 * 1024;
const toolTimeoutMs = 20_000;

/** GPUs found, and plain sentences about what could not be read. */
export interface GpuFindings {
  gpus: GpuInventory[];
  notes: string[];
  /** Raw outputs by tool, for callers that keep fixtures (CLI `--raw`). */
  raw: Record<string, string>;
}

async function nvidiaGpus(host: HostSession, tool: string, findings: GpuFindings): Promise<GpuInventory[]> {
  const query = nvidiaQueryFields.join(',');
  const argv = (fields: string): string[] => [tool, `--query-gpu=${fields}`, '--format=csv,noheader,nounits'];
  const text = await execText(host, argv(query), { timeoutMs: toolTimeoutMs }).catch(() =>
    // Drivers before clocks_event_reasons existed reject the whole query; the old name has the same bits.
    execText(host, argv(query.replace('clocks_event_reasons.active', 'clocks_throttle_reasons.active')), { timeoutMs: toolTimeoutMs }),
  );
  findings.raw['nvidia-smi'] = text;
  return parseNvidiaSmiCsv(text).map((reading) => ({
    index: reading.index,
    vendor: 'nvidia',
    name: reading.name,
    memoryTotalBytes: reading.memTotalMiB === null ? null : reading.memTotalMiB * mib,
    driverVersion: reading.driverVersion || null,
    busId: reading.busId || null,
    uuid: reading.uuid || null,
    source: 'nvidia-smi',
  }));
}

async function rocmGpus({ host, findings, amdDisplays }: AmdProbe, tool: string): Promise<GpuInventory[]> {
  const text = await execText(host, [tool, '--showproductname', '--showmeminfo', 'vram', '--showdriverversion', '--json'], { timeoutMs: toolTimeoutMs });
  findings.raw['rocm-smi'] = text;
  const report = parseRocmSmiJson(text);
  return report.cards.map((card, position) => ({
    index: card.card,
    vendor: 'amd',
    name: card.productName ?? amdDisplays[position]?.deviceName ?? `AMD GPU card${card.card}`,
    memoryTotalBytes: card.vramTotalBytes,
    driverVersion: report.driverVersion,
    busId: null,
    uuid: null,
    source: 'rocm-smi',
  }));
}

async function amdSmiGpus({ host, findings, amdDisplays }: AmdProbe, tool: string): Promise<GpuInventory[]> {
  const text = await execText(host, [tool, 'metric', '-m', '--json'], { timeoutMs: toolTimeoutMs });
  findings.raw['amd-smi'] = text;
  return parseAmdSmiMetricJson(text).map((gpu, position) => {
    const isApu = gpu.gttTotalBytes !== null && gpu.vramTotalBytes !== null && gpu.gttTotalBytes > 4 * gpu.vramTotalBytes;
    return {
      index: gpu.gpu,
      vendor: 'amd',
      name: amdDisplays[position]?.deviceName ?? `AMD GPU ${gpu.gpu}`,
      memoryTotalBytes: isApu ? gpu.gttTotalBytes : gpu.vramTotalBytes,
      driverVersion: null,
      busId: null,
      uuid: null,
      source: 'amd-smi',
    };
  });
}

async function radeontopGpus({ host, findings, amdDisplays }: AmdProbe, tool: string): Promise<GpuInventory[]> {
  const text = await execText(host, [tool, '-d', '-', '-l', '1'], { timeoutMs: toolTimeoutMs });
  findings.raw.radeontop = text;
  return parseRadeontopDump(text).slice(0, 1).map((reading) => {
    // radeontop prints used MiB and its share; the total is their ratio (none when the share is 0).
    const vramTotal = reading.vramMiB !== null && reading.vramPct ? (reading.vramMiB / (reading.vramPct / 100)) * mib : null;
    return {
      index: 0,
      vendor: 'amd',
      name: amdDisplays[0]?.deviceName ?? `AMD GPU on bus ${reading.bus.toString(16).padStart(2, '0')}`,
      memoryTotalBytes: vramTotal,
      driverVersion: null,
      busId: reading.bus.toString(16).padStart(2, '0'),
      uuid: null,
      source: 'radeontop',
    };
  });
}

/** What every AMD reader needs: the host, where to note trouble, and lspci's AMD cards for names. */
interface AmdProbe {
  host: HostSession;
  findings: GpuFindings;
  amdDisplays: readonly LspciDisplay[];
}

async function attempt<T>(what: string, findings: GpuFindings, run: () => Promise<T[]>): Promise<T[]> {
  try {
    return await run();
  } catch (error) {
    findings.notes.push(`${what}: ${toAppError(error).message}`);
    return [];
  }
}

/**
 * Lists the host's GPUs with whatever tools it has (paths from the probe): nvidia-smi for
 * NVIDIA; rocm-smi, else amd-smi, else radeontop for AMD; lspci for names and for cards no
 * vendor tool reads (source `lspci`). A tool that fails adds a note; it never fails the list.
 */
export async function findGpus(host: HostSession, tools: ReadonlyMap<string, string>): Promise<GpuFindings> {
  const findings: GpuFindings = { gpus: [], notes: [], raw: {} };
  const lspci = tools.get('lspci');
  const displays =
    lspci === undefined
      ? []
      : await attempt('lspci', findings, async () => {
          const text = await execText(host, [lspci, '-mm', '-nn'], { timeoutMs: toolTimeoutMs });
          findings.raw.lspci = text;
          return parseLspciDisplays(text);
        });
  const amdDisplays = displays.filter((display) => display.vendor === 'amd');
  const nvidiaTool = tools.get('nvidia-smi');
  const nvidia = nvidiaTool === undefined ? [] : await attempt('nvidia-smi', findings, () => nvidiaGpus(host, nvidiaTool, findings));
  const amd = await amdGpus({ host, findings, amdDisplays }, tools);
  const seenVendors = new Set([...(nvidia.length > 0 ? ['nvidia'] : []), ...(amd.length > 0 ? ['amd'] : [])]);
  const unread = displays
    .filter((display) => !seenVendors.has(display.vendor))
    .map((display, index): GpuInventory => ({ index, vendor: display.vendor, name: `${display.vendorName} ${display.deviceName}`, memoryTotalBytes: null, driverVersion: null, busId: display.slot, uuid: null, source: 'lspci' }));
  findings.gpus = [...nvidia, ...amd, ...unread];
  return findings;
}

async function amdGpus(probe: AmdProbe, tools: ReadonlyMap<string, string>): Promise<GpuInventory[]> {
  const { findings } = probe;
  const rocm = tools.get('rocm-smi');
  const amdSmi = tools.get('amd-smi');
  const radeontop = tools.get('radeontop');
  if (rocm !== undefined) {
    const found = await attempt('rocm-smi', findings, () => rocmGpus(probe, rocm));
    if (found.length > 0) return found;
  }
  if (amdSmi !== undefined) {
    const found = await attempt('amd-smi', findings, () => amdSmiGpus(probe, amdSmi));
    if (found.length > 0) return found;
  }
  // radeontop samples for about a second; only worth it when lspci saw an AMD card nothing else read.
  if (radeontop !== undefined && (probe.amdDisplays.length > 0 || tools.get('lspci') === undefined)) {
    return attempt('radeontop', findings, () => radeontopGpus(probe, radeontop));
  }
  return [];
}
