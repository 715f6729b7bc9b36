import type { BenchResult } from '../../../../src-shared/schemas/bench-result';
import { formatModelSize } from '../parsers/test-label';

/** One axis along which bench results can differ: the build, the model, or one test parameter. */
export interface Dimension {
  /** Short name shown as a column header (llama-bench's own markdown names where it has one). */
  name: string;
  /** The value as display text; null when the output did not say (e.g. markdown omits it). */
  valueOf(result: BenchResult): string | null;
}

const shortNames: Record<string, string> = {
  n_threads: 'threads',
  n_gpu_layers: 'ngl',
  flash_attn: 'fa',
  split_mode: 'sm',
  main_gpu: 'mg',
  no_kv_offload: 'nkvo',
  embeddings: 'embd',
  tensor_split: 'ts',
  tensor_buft_overrides: 'ot',
  devices: 'dev',
  no_op_offload: 'nopo',
  mul_mat_q: 'mmq',
};

const fixed: Dimension[] = [
  { name: 'build', valueOf: (r) => (r.buildCommit === null ? null : r.buildNumber === null ? r.buildCommit : `${r.buildCommit} (${r.buildNumber})`) },
  { name: 'backend', valueOf: (r) => r.backends },
  { name: 'cpu', valueOf: (r) => r.cpuInfo },
  { name: 'gpu', valueOf: (r) => (r.gpuInfo === null ? null : r.gpuInfo === '' ? 'none' : r.gpuInfo) },
  { name: 'model', valueOf: (r) => (r.modelSizeBytes === null ? r.modelType : `${r.modelType} (${formatModelSize(r.modelSizeBytes)})`) },
];

function paramDimension(field: string): Dimension {
  return {
    name: shortNames[field] ?? field,
    valueOf: (r) => {
      const value = r.params[field];
      if (value === undefined) return null;
      // llama-bench prints booleans as 0/1 in its tables; keep that so columns read the same.
      return typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
    },
  };
}

/**
 * The dimensions whose known values differ across the given results, in a stable order (build,
 * backend, cpu, gpu, model, then parameters in order of first appearance). A value the output
 * did not report does not make a dimension vary, so a markdown import beside a JSON import does
 * not turn every unprinted parameter into a column.
 */
export function varyingDimensions(results: readonly BenchResult[]): Dimension[] {
  const paramFields = [...new Set(results.flatMap((r) => Object.keys(r.params)))];
  const all = [...fixed, ...paramFields.map(paramDimension)];
  return all.filter((dimension) => {
    const values = new Set(results.map((r) => dimension.valueOf(r)).filter((v) => v !== null));
    return values.size > 1;
  });
}

/** The row's value for each dimension, "?" where the output did not say. */
export function settingsOf(result: BenchResult, dimensions: readonly Dimension[]): Record<string, string> {
  return Object.fromEntries(dimensions.map((dimension) => [dimension.name, dimension.valueOf(result) ?? '?']));
}

/** How many dimensions two results share a known, equal value on; used to pair a row with its baseline. */
export function sharedSettings(a: BenchResult, b: BenchResult, dimensions: readonly Dimension[]): number {
  return dimensions.filter((dimension) => {
    const value = dimension.valueOf(a);
    return value !== null && value === dimension.valueOf(b);
  }).length;
}
