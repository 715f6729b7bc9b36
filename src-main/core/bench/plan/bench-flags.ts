/**
 * The llama-bench command line (v0.5.0 `--help`, see test/fixtures and the protocol reference
 * §3.1): which flags take a value, which ones the plan form owns, and which ones the workbench
 * refuses in free extra arguments and why.
 */
export interface BenchFlag {
  names: readonly string[];
  takesValue: boolean;
  /** The plan field that sets this flag; the flag is then refused in extra arguments. */
  planField?: string;
  /** Why the flag may not be passed at all. */
  refusal?: string;
}

const outputRefusal = 'the workbench sets the output itself (-o jsonl) to read each result as it finishes';

export const benchFlags: readonly BenchFlag[] = [
  { names: ['-m', '--model'], takesValue: true, planField: 'models' },
  { names: ['-p', '--n-prompt'], takesValue: true, planField: 'nPrompt' },
  { names: ['-n', '--n-gen'], takesValue: true, planField: 'nGen' },
  { names: ['-pg'], takesValue: true, planField: 'pg' },
  { names: ['-d', '--n-depth'], takesValue: true, planField: 'nDepth' },
  { names: ['-b', '--batch-size'], takesValue: true, planField: 'batchSize' },
  { names: ['-ub', '--ubatch-size'], takesValue: true, planField: 'ubatchSize' },
  { names: ['-ctk', '--cache-type-k'], takesValue: true, planField: 'cacheTypeK' },
  { names: ['-ctv', '--cache-type-v'], takesValue: true, planField: 'cacheTypeV' },
  { names: ['-t', '--threads'], takesValue: true, planField: 'threads' },
  { names: ['-ngl', '--n-gpu-layers'], takesValue: true, planField: 'gpuLayers' },
  { names: ['-fa', '--flash-attn'], takesValue: true, planField: 'flashAttn' },
  { names: ['-r', '--repetitions'], takesValue: true, planField: 'repetitions' },
  { names: ['-o', '--output'], takesValue: true, refusal: outputRefusal },
  { names: ['-oe', '--output-err'], takesValue: true, refusal: outputRefusal },
  { names: ['-h', '--help'], takesValue: false, refusal: 'it prints the help and runs nothing' },
  { names: ['--version'], takesValue: false, refusal: 'it prints the version and runs nothing' },
  { names: ['--list-devices'], takesValue: false, refusal: 'it lists devices and runs nothing' },
  { names: ['-hft', '--hf-token'], takesValue: true, refusal: 'a token on the command line is visible to every user of the host; set HF_TOKEN there instead' },
  { names: ['-mmp', '--mmap', '-dio', '--direct-io'], takesValue: true, refusal: 'removed in v0.5.0 (ggml-org/llama.cpp#20834); use -lm/--load-mode (auto, none, mmap, mlock, mmap+mlock, dio)' },
  { names: ['--numa'], takesValue: true },
  { names: ['--prio'], takesValue: true },
  { names: ['--delay'], takesValue: true },
  { names: ['-v', '--verbose'], takesValue: false },
  { names: ['--progress'], takesValue: false },
  { names: ['--no-warmup'], takesValue: false },
  { names: ['--offline'], takesValue: false },
  { names: ['-fitt', '--fit-target'], takesValue: true },
  { names: ['-fitc', '--fit-ctx'], takesValue: true },
  { names: ['-hf', '-hfr', '--hf-repo'], takesValue: true },
  { names: ['-hff', '--hf-file'], takesValue: true },
  { names: ['-C', '--cpu-mask'], takesValue: true },
  { names: ['--cpu-strict'], takesValue: true },
  { names: ['--poll'], takesValue: true },
  { names: ['-ncmoe', '--n-cpu-moe'], takesValue: true },
  { names: ['-sm', '--split-mode'], takesValue: true },
  { names: ['-mg', '--main-gpu'], takesValue: true },
  { names: ['-nkvo', '--no-kv-offload'], takesValue: true },
  { names: ['-dev', '--device'], takesValue: true },
  { names: ['-lm', '--load-mode'], takesValue: true },
  { names: ['-lzm', '--lazy-mode'], takesValue: true },
  { names: ['-embd', '--embeddings'], takesValue: true },
  { names: ['-ts', '--tensor-split'], takesValue: true },
  { names: ['-ot', '--override-tensor'], takesValue: true },
  { names: ['-nopo', '--no-op-offload'], takesValue: true },
  { names: ['--no-host'], takesValue: true },
  { names: ['-rpc', '--rpc'], takesValue: true },
];

/** The flag an argument names (long options may spell `-` as `_`, as llama-bench allows). */
export function findBenchFlag(arg: string): BenchFlag | undefined {
  const name = arg.startsWith('--') ? `--${arg.slice(2).replace(/_/g, '-')}` : arg;
  return benchFlags.find((flag) => flag.names.includes(name));
}

/** True when a token is a value rather than the next flag ("-1" is a value: -ngl takes negatives). */
export function isFlagToken(token: string | undefined): boolean {
  return token !== undefined && token.startsWith('-') && !/^-\d/.test(token);
}
