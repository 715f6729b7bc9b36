/**
 * What llama-bench's fields are, across the builds users still run (2024 → v0.5.0). CSV and SQL
 * print every value as text, so the parsers coerce by this table; JSON already carries types.
 */
export type FieldKind = 'int' | 'float' | 'bool' | 'string' | 'flash_attn';

const intFields = [
  'build_number', 'model_size', 'model_n_params', 'n_batch', 'n_ubatch', 'n_threads', 'poll',
  'n_gpu_layers', 'n_cpu_moe', 'main_gpu', 'no_op_offload', 'fit_target', 'fit_min_ctx',
  'n_prompt', 'n_gen', 'n_depth', 'avg_ns', 'stddev_ns',
];
const boolFields = [
  'cuda', 'opencl', 'vulkan', 'kompute', 'metal', 'sycl', 'gpu_blas', 'blas', 'cpu_strict',
  'no_kv_offload', 'use_mmap', 'use_direct_io', 'embeddings', 'no_host', 'mul_mat_q', 'f16_kv',
];
const floatFields = ['avg_ts', 'stddev_ts'];

const kinds = new Map<string, FieldKind>([
  ...intFields.map((f) => [f, 'int'] as const),
  ...boolFields.map((f) => [f, 'bool'] as const),
  ...floatFields.map((f) => [f, 'float'] as const),
  ['flash_attn', 'flash_attn'],
]);

/** The kind of a llama-bench field; unknown fields are text. */
export function fieldKind(field: string): FieldKind {
  return kinds.get(field) ?? 'string';
}

/**
 * Fields that describe the build, machine, model or measurement rather than a test parameter.
 * Everything else that this table knows is a parameter.
 */
export const identityFields = new Set([
  'build_commit', 'build_number', 'cpu_info', 'gpu_info', 'backends', 'model_filename', 'model_type',
  'model_size', 'model_n_params', 'n_prompt', 'n_gen', 'n_depth', 'test_time', 'avg_ns', 'stddev_ns',
  'avg_ts', 'stddev_ts', 'samples_ns', 'samples_ts',
]);

/** Pre-2025 builds reported each compiled-in backend as its own boolean (name as llama-bench printed it). */
export const backendFlags: ReadonlyArray<readonly [string, string]> = [
  ['cuda', 'CUDA'], ['vulkan', 'Vulkan'], ['kompute', 'Kompute'], ['metal', 'Metal'], ['sycl', 'SYCL'],
  ['opencl', 'OpenCL'], ['gpu_blas', 'GPU BLAS'], ['blas', 'BLAS'],
];

/** Test parameters llama-bench has reported at some point; unknown keys go to `extra`, not `params`. */
export const paramFields = new Set([
  'n_batch', 'n_ubatch', 'n_threads', 'cpu_mask', 'cpu_strict', 'poll', 'type_k', 'type_v',
  'n_gpu_layers', 'n_cpu_moe', 'split_mode', 'main_gpu', 'no_kv_offload', 'flash_attn', 'devices',
  'tensor_split', 'tensor_buft_overrides', 'load_mode', 'lazy_mode', 'embeddings', 'no_op_offload',
  'no_host', 'fit_target', 'fit_min_ctx', 'mul_mat_q', 'rpc', 'use_mmap', 'use_direct_io',
]);

/** Markdown column headers → field names (the short names llama-bench's md printer uses). */
const mdColumns: Record<string, string> = {
  ngl: 'n_gpu_layers',
  sm: 'split_mode',
  mg: 'main_gpu',
  threads: 'n_threads',
  nkvo: 'no_kv_offload',
  fa: 'flash_attn',
  mmap: 'use_mmap',
  embd: 'embeddings',
  ts: 'tensor_split',
  ot: 'tensor_buft_overrides',
  mmq: 'mul_mat_q',
  dev: 'devices',
  nopo: 'no_op_offload',
  lm: 'load_mode',
  lzm: 'lazy_mode',
  ncmoe: 'n_cpu_moe',
  backend: 'backends',
  model: 'model_type',
  size: 'model_size',
  params: 'model_n_params',
  test: 'test',
  't/s': 't/s',
};

/** The field behind a markdown column header; unknown headers are kept as they are. */
export function fieldForMdColumn(header: string): string {
  const key = header.trim().toLowerCase();
  return mdColumns[key] ?? key;
}
