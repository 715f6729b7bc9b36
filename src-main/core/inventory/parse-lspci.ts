import type { GpuInventory } from '../../../src-shared/schemas/inventory';
import { cannotRead } from '../telemetry/cannot-read';

/** One display controller as `lspci -mm -nn` lists it. */
export interface LspciDisplay {
  slot: string;
  vendor: GpuInventory['vendor'];
  vendorName: string;
  deviceName: string;
}

const vendorIds: Record<string, GpuInventory['vendor']> = { '10de': 'nvidia', '1002': 'amd', '8086': 'intel' };

/** Splits one `-mm` line: a slot, then double-quoted fields and bare `-r`/`-p` options. */
function fields(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? '');
}

// Tests the fixed-width `[xxxx]` tail rather than replacing `\s*\[…\]$`: that pattern retries the
// whole space run from every space in it, quadratic on a long run.
const withoutId = (text: string): string => (/\[[0-9a-f]{4}\]$/i.test(text) ? text.slice(0, -6) : text).trim();

/**
 * Reads `lspci -mm -nn` (pciutils, machine-readable format with numeric ids) and keeps the
 * display controllers: class 0300 VGA, 0302 3D, 0380 display. Vendors by PCI id (10de NVIDIA,
 * 1002 AMD, 8086 Intel). Throws `cannot read lspci output` when no line has that shape.
 */
export function parseLspciDisplays(text: string): LspciDisplay[] {
  const displays: LspciDisplay[] = [];
  let sawDevice = false;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const [slot, className, vendorName, deviceName] = fields(line);
    if (slot === undefined || className === undefined || vendorName === undefined || deviceName === undefined) continue;
    if (!/^[0-9a-f:.]+$/i.test(slot) || !/\[[0-9a-f]{4}\]$/i.test(className)) continue;
    sawDevice = true;
    if (!/\[03(00|02|80)\]$/.test(className)) continue;
    const vendorId = /\[([0-9a-f]{4})\]$/i.exec(vendorName)?.[1]?.toLowerCase() ?? '';
    displays.push({ slot, vendor: vendorIds[vendorId] ?? 'other', vendorName: withoutId(vendorName), deviceName: withoutId(deviceName) });
  }
  if (!sawDevice) throw cannotRead('lspci', text, 'expected `lspci -mm -nn` lines: slot "class [id]" "vendor [id]" "device [id]"');
  return displays;
}
