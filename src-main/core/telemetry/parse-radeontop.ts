import { cannotRead } from './cannot-read';

/** One `radeontop -d -` line. Shares in percent; memory in MiB; clocks in GHz. */
export interface RadeontopReading {
  /** Epoch ms from the `<sec>.<usec>:` prefix (usec is not zero-padded: parsed as an integer). */
  timestampMs: number;
  /** PCI bus number (hex in the dump). */
  bus: number;
  gpuPct: number;
  /** Every `<block> <pct>%` field (ee, vgt, ta, …) by name. */
  blocksPct: Record<string, number>;
  vramPct: number | null;
  vramMiB: number | null;
  gttPct: number | null;
  gttMiB: number | null;
  mclkPct: number | null;
  mclkGhz: number | null;
  sclkPct: number | null;
  sclkGhz: number | null;
}

const linePattern = /^(\d+)\.(\d+): bus ([0-9a-fA-F]+), (.*)$/;

function readField(reading: RadeontopReading, field: string): void {
  const block = /^([a-z][a-z0-9]*) (\d+(?:\.\d+)?)%$/.exec(field);
  if (block?.[1] !== undefined) {
    if (block[1] === 'gpu') reading.gpuPct = Number(block[2]);
    else reading.blocksPct[block[1]] = Number(block[2]);
    return;
  }
  const memory = /^(vram|gtt) (\d+(?:\.\d+)?)% (\d+(?:\.\d+)?)mb$/.exec(field);
  if (memory?.[1] !== undefined) {
    reading[memory[1] === 'vram' ? 'vramPct' : 'gttPct'] = Number(memory[2]);
    reading[memory[1] === 'vram' ? 'vramMiB' : 'gttMiB'] = Number(memory[3]);
    return;
  }
  const clock = /^(mclk|sclk) (\d+(?:\.\d+)?)% (\d+(?:\.\d+)?)ghz$/.exec(field);
  if (clock?.[1] !== undefined) {
    reading[clock[1] === 'mclk' ? 'mclkPct' : 'sclkPct'] = Number(clock[2]);
    reading[clock[1] === 'mclk' ? 'mclkGhz' : 'sclkGhz'] = Number(clock[3]);
  }
}

/**
 * Reads one line of `radeontop -d - …` (dump.c). Fields are found by keyword, never by
 * position: optional blocks and the clock pair come and go by card. Throws
 * `cannot read radeontop output` when the prefix, the bus or the `gpu` share is missing.
 */
export function parseRadeontopLine(line: string): RadeontopReading {
  const match = linePattern.exec(line.trim());
  if (match === null) throw cannotRead('radeontop', line, 'expected "<sec>.<usec>: bus XX, gpu N%, …"');
  const [, seconds, micros, bus, rest] = match as unknown as [string, string, string, string, string];
  const reading: RadeontopReading = {
    timestampMs: Number(seconds) * 1000 + Number(micros) / 1000,
    bus: Number.parseInt(bus, 16),
    gpuPct: Number.NaN,
    blocksPct: {},
    vramPct: null, vramMiB: null, gttPct: null, gttMiB: null,
    mclkPct: null, mclkGhz: null, sclkPct: null, sclkGhz: null,
  };
  // Fields a later radeontop adds are skipped rather than failing the whole line.
  for (const field of rest.split(', ')) readField(reading, field.trim());
  if (Number.isNaN(reading.gpuPct)) throw cannotRead('radeontop', line, 'no "gpu" share');
  return reading;
}

/** Reads a whole dump (several lines); the stderr banner, if mixed in, is skipped. */
export function parseRadeontopDump(text: string): RadeontopReading[] {
  const lines = text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('Dumping to'));
  if (lines.length === 0) throw cannotRead('radeontop', text, 'no sample lines');
  return lines.map(parseRadeontopLine);
}
