/** The token counts a llama-bench test label stands for. */
export interface TestShape {
  nPrompt: number;
  nGen: number;
  nDepth: number;
}

/**
 * The label llama-bench prints for a test: "pp512", "tg128", "pp512+tg128", plus " @ d4096" when
 * the KV cache was pre-filled. One canonical form lets results from every format group together.
 */
export function formatTestLabel(shape: TestShape): string {
  let label: string;
  if (shape.nGen === 0) label = `pp${shape.nPrompt}`;
  else if (shape.nPrompt === 0) label = `tg${shape.nGen}`;
  else label = `pp${shape.nPrompt}+tg${shape.nGen}`;
  return shape.nDepth > 0 ? `${label} @ d${shape.nDepth}` : label;
}

// Early 2024 builds printed "pp 512" / "tg 128"; later ones "pp512"; depth arrived mid-2025.
// Its adjacent `\s*` runs may split a run of spaces many ways (2,000 spaces took 5 s), so
// parseTestLabel first shrinks every run to one space, leaving each run one way to match.
const labelPattern = /^(?:pp\s*(\d+))?\s*\+?\s*(?:tg\s*(\d+))?(?:\s*@\s*d\s*(\d+))?$/i;

/** Reads a test label in any of the spellings llama-bench has used; null when it is not one. */
export function parseTestLabel(label: string): TestShape | null {
  const match = labelPattern.exec(label.trim().replace(/\s+/g, ' '));
  if (!match || (match[1] === undefined && match[2] === undefined)) return null;
  return {
    nPrompt: match[1] === undefined ? 0 : Number(match[1]),
    nGen: match[2] === undefined ? 0 : Number(match[2]),
    nDepth: match[3] === undefined ? 0 : Number(match[3]),
  };
}

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/** Model size as llama-bench's markdown prints it ("36.26 MiB", "4.58 GiB"). */
export function formatModelSize(bytes: number): string {
  return bytes < GIB ? `${(bytes / MIB).toFixed(2)} MiB` : `${(bytes / GIB).toFixed(2)} GiB`;
}

/** Bytes from a printed size; rounded as printed, so it formats back to the same text. */
export function parseModelSize(text: string): number | null {
  const match = /^([\d.]+)\s*(KiB|MiB|GiB|TiB)$/i.exec(text.trim());
  if (!match) return null;
  const unit = match[2]!.toLowerCase();
  const scale = unit === 'kib' ? 1024 : unit === 'mib' ? MIB : unit === 'gib' ? GIB : GIB * 1024;
  return Math.round(Number(match[1]) * scale);
}

/** Parameter count from a printed "19.01 M" / "8.03 B"; rounded as printed. */
export function parseParamCount(text: string): number | null {
  const match = /^([\d.]+)\s*([KMBT])$/i.exec(text.trim());
  if (!match) return null;
  const scales: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, t: 1e12 };
  return Math.round(Number(match[1]) * scales[match[2]!.toLowerCase()]!);
}
