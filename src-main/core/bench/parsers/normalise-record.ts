import type { BenchParams, BenchResult, ParamValue } from '../../../../src-shared/schemas/bench-result';
import { backendFlags, identityFields, paramFields } from './bench-fields';
import { guessValue, opaqueValue, toBool, toFloat, toInt, toParamValue, toText } from './coerce';
import { benchParseError } from './parse-error';
import { formatTestLabel } from './test-label';

/** One llama-bench record as a format printed it: typed (JSON) or all text (CSV, SQL, markdown). */
export type RawRecord = Record<string, unknown>;

export interface NormaliseOptions {
  /** How errors name the record, e.g. "line 3" or "result 2". */
  where: string;
  /** Markdown shows only parameter columns, so its unknown columns are parameters, not extras. */
  isUnknownAParam?: boolean;
}

/**
 * Turns one raw llama-bench record of any build into a BenchResult: typed values, flash_attn as
 * on/off/auto, use_mmap folded into load_mode, per-backend booleans folded into `backends`, a
 * canonical test label. Throws a `parse_error` AppError naming the record when a required field
 * (n_prompt, n_gen, avg_ts) is missing or unreadable.
 */
export function normaliseRecord(raw: RawRecord, options: NormaliseOptions): BenchResult {
  const nPrompt = requireInt(raw, 'n_prompt', options.where);
  const nGen = requireInt(raw, 'n_gen', options.where);
  const nDepth = raw.n_depth === undefined ? 0 : requireInt(raw, 'n_depth', options.where);
  const samplesTs = numberArray(raw.samples_ts);
  const samplesNs = numberArray(raw.samples_ns);
  const { params, extra } = splitParams(raw, options.isUnknownAParam ?? false);
  const result: BenchResult = {
    buildCommit: toText(raw.build_commit),
    buildNumber: toInt(raw.build_number),
    backends: readBackends(raw),
    cpuInfo: toText(raw.cpu_info),
    gpuInfo: toText(raw.gpu_info),
    modelType: toText(raw.model_type) ?? toText(raw.model_filename) ?? 'unknown model',
    modelFilename: toText(raw.model_filename),
    modelSizeBytes: nonNegative(toInt(raw.model_size)),
    modelParamCount: nonNegative(toInt(raw.model_n_params)),
    params,
    nPrompt,
    nGen,
    nDepth,
    test: formatTestLabel({ nPrompt, nGen, nDepth }),
    ...readThroughput(raw, samplesTs, options.where),
    repetitions: samplesTs && samplesTs.length > 0 ? samplesTs.length : null,
    testTime: toText(raw.test_time),
    extra,
  };
  if (samplesTs) result.samplesTs = samplesTs;
  if (samplesNs) result.samplesNs = samplesNs;
  const avgNs = nonNegative(toFloat(raw.avg_ns));
  const stddevNs = nonNegative(toFloat(raw.stddev_ns));
  if (avgNs !== null) result.avgNs = avgNs;
  if (stddevNs !== null) result.stddevNs = stddevNs;
  return result;
}

function requireInt(raw: RawRecord, field: string, where: string): number {
  const value = toInt(raw[field]);
  if (value === null || value < 0) {
    const what = raw[field] === undefined ? `has no ${field}` : `has ${field} = ${JSON.stringify(raw[field])}`;
    throw benchParseError(`${where} ${what}`);
  }
  return value;
}

function nonNegative(value: number | null): number | null {
  return value !== null && value >= 0 ? value : null;
}

function numberArray(value: unknown): number[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const numbers = value.map((item) => toFloat(item));
  return numbers.every((n): n is number => n !== null && n >= 0) ? numbers : undefined;
}

// avg_ts is the mean of per-repetition t/s (not tokens / avg_ns), so samples give it back exactly.
function readThroughput(raw: RawRecord, samples: number[] | undefined, where: string) {
  const avg = toFloat(raw.avg_ts) ?? (samples && samples.length > 0 ? mean(samples) : null);
  if (avg === null || avg < 0) throw benchParseError(`${where} has no usable avg_ts`);
  const stddev = toFloat(raw.stddev_ts) ?? (samples ? sampleStddev(samples) : 0);
  return { avgTs: avg, stddevTs: Math.max(0, stddev) };
}

function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

function sampleStddev(values: number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1));
}

/**
 * `backends` text when the build printed it; otherwise the pre-2025 per-backend booleans, read
 * the way those builds' own markdown printer did (first flag set wins, RPC appended).
 */
function readBackends(raw: RawRecord): string | null {
  const text = toText(raw.backends);
  if (text !== null) return text;
  if (!backendFlags.some(([flag]) => flag in raw) && !('rpc' in raw)) return null;
  const first = backendFlags.find(([flag]) => toBool(raw[flag]) === true);
  const name = first ? first[1] : 'CPU';
  return toBool(raw.rpc) === true ? `${name}+RPC` : name;
}

function splitParams(raw: RawRecord, isUnknownAParam: boolean) {
  const target = { params: {} as BenchParams, extra: {} as Record<string, ParamValue> };
  for (const [field, value] of Object.entries(raw)) {
    if (value === undefined || value === null || identityFields.has(field)) continue;
    if (field === 'rpc' || backendFlags.some(([flag]) => flag === field)) continue;
    if (field === 'use_mmap' || field === 'use_direct_io') continue;
    // JSON.parse makes "__proto__" an own key; assigning it would swap the target's prototype.
    if (field === '__proto__') continue;
    placeField([field, value], target, isUnknownAParam);
  }
  const loadMode = readLoadMode(raw);
  if (loadMode !== null) target.params.load_mode = loadMode;
  return target;
}

function placeField(
  [field, value]: [string, unknown],
  target: { params: BenchParams; extra: Record<string, ParamValue> },
  isUnknownAParam: boolean,
): void {
  if (!paramFields.has(field)) {
    if (isUnknownAParam) target.params[field] = guessValue(String(value));
    else target.extra[field] = opaqueValue(value);
    return;
  }
  const typed = toParamValue(field, value);
  // A known field holding something unexpected is kept as printed, outside the typed params.
  if (typed === null) target.extra[field] = opaqueValue(value);
  else target.params[field] = typed;
}

// 2026 builds replaced the use_mmap (and later use_direct_io) booleans with a load_mode word.
function readLoadMode(raw: RawRecord): string | null {
  const text = toText(raw.load_mode);
  if (text !== null) return text;
  if (toBool(raw.use_direct_io) === true) return 'dio';
  const mmap = raw.use_mmap === undefined ? null : toBool(raw.use_mmap);
  if (mmap === null) return null;
  return mmap ? 'mmap' : 'none';
}
