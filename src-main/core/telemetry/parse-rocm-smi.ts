import { cannotRead, isRecord, numberOrNull, parseToolJson, pctOrNull } from './cannot-read';

/** One card of `rocm-smi … --json`. Every value the card did not report is null. */
export interface RocmSmiCard {
  /** DRM card index from the `cardN` key. */
  card: number;
  gpuUsePct: number | null;
  vramAllocatedPct: number | null;
  memActivityPct: number | null;
  temperatureEdgeC: number | null;
  temperatureJunctionC: number | null;
  temperatureMemoryC: number | null;
  powerW: number | null;
  vramTotalBytes: number | null;
  vramUsedBytes: number | null;
  /** `Card series` / `Card model` from --showproductname, when asked for. */
  productName: string | null;
}

export interface RocmSmiReport {
  cards: RocmSmiCard[];
  /** From the `system` object (`--showdriverversion`). */
  driverVersion: string | null;
}

/** Looks a label up case-insensitively: rocm-smi releases changed capitalisation. */
function pick(values: Record<string, unknown>, ...labels: string[]): string | undefined {
  for (const label of labels) {
    const key = Object.keys(values).find((candidate) => candidate.toLowerCase() === label.toLowerCase());
    if (key !== undefined && typeof values[key] === 'string') return values[key];
  }
  return undefined;
}

function readCard(card: number, values: Record<string, unknown>): RocmSmiCard {
  const n = (...labels: string[]): number | null => numberOrNull(pick(values, ...labels));
  const productName = pick(values, 'Card Series', 'Card series', 'Card Model', 'Card model') ?? null;
  return {
    card,
    gpuUsePct: pctOrNull(n('GPU use (%)')),
    vramAllocatedPct: pctOrNull(n('GPU Memory Allocated (VRAM%)', 'GPU memory use (%)')),
    memActivityPct: pctOrNull(n('GPU Memory Read/Write Activity (%)')),
    temperatureEdgeC: n('Temperature (Sensor edge) (C)'),
    temperatureJunctionC: n('Temperature (Sensor junction) (C)'),
    temperatureMemoryC: n('Temperature (Sensor memory) (C)'),
    powerW: n('Average Graphics Package Power (W)', 'Current Socket Graphics Package Power (W)'),
    vramTotalBytes: n('VRAM Total Memory (B)'),
    vramUsedBytes: n('VRAM Total Used Memory (B)'),
    productName: productName === null || productName.trim() === '' || productName === 'N/A' ? null : productName.trim(),
  };
}

/**
 * Reads `rocm-smi --showuse --showmemuse [--showtemp --showpower --showmeminfo vram
 * --showproductname --showdriverversion] --json` (rocm_smi.py): an object of `cardN` →
 * { human label: string value }, plus `system`. Labels are matched verbatim (any case);
 * `N/A` is null. Throws `cannot read rocm-smi output` for anything else.
 */
export function parseRocmSmiJson(text: string): RocmSmiReport {
  const json = parseToolJson('rocm-smi', text);
  if (!isRecord(json)) throw cannotRead('rocm-smi', text, 'expected a JSON object of cards');
  const cards: RocmSmiCard[] = [];
  let driverVersion: string | null = null;
  for (const [key, values] of Object.entries(json)) {
    if (!isRecord(values)) throw cannotRead('rocm-smi', text, `"${key}" is not an object`);
    const card = /^card(\d+)$/.exec(key);
    if (card?.[1] !== undefined) cards.push(readCard(Number(card[1]), values));
    else if (key === 'system') driverVersion = pick(values, 'Driver version') ?? null;
  }
  if (cards.length === 0 && driverVersion === null) throw cannotRead('rocm-smi', text, 'no cardN entries');
  return { cards: cards.sort((a, b) => a.card - b.card), driverVersion };
}
