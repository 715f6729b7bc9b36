/** The common reasons a llama-server does not come up, each named once. */
export type FailureKind = 'unknown_argument' | 'rejected_value' | 'port_in_use' | 'out_of_memory' | 'model_not_found' | 'model_load_failed';

/** One reason found in the server's log: the line that says it and what it means, in plain words. */
export interface FailureExplanation {
  kind: FailureKind;
  /** The server's own log line, unchanged. */
  line: string;
  explanation: string;
}

interface Rule {
  kind: FailureKind;
  pattern: RegExp;
  explain(match: RegExpExecArray): string;
}

/**
 * Matched against llama-server's own lines (test/fixtures/configure, with provenance) and the
 * demo server's, which words its refusals the same way. Order matters only for ties on one line.
 */
const rules: readonly Rule[] = [
  {
    kind: 'unknown_argument',
    pattern: /invalid argument: '?([^\s']+)'?/,
    explain: (m) => `llama-server does not know the argument ${m[1] ?? ''}: a typo, or a flag this build does not have (see llama-server --help on the host).`,
  },
  {
    kind: 'rejected_value',
    pattern: /error while handling argument "([^"]+)": (.*)$|(-[\w-]+): (\S+ is out of range.*)$/,
    explain: (m) => `llama-server refused the value given to ${m[1] ?? m[3] ?? ''}: ${(m[2] ?? m[4] ?? '').replace(/^error: /, '')}.`,
  },
  {
    kind: 'port_in_use',
    pattern: /couldn't bind HTTP server socket, hostname: ([^,]+), port: (\d+)|port (\d+) is in use/,
    explain: (m) => `Port ${m[2] ?? m[3] ?? ''} is already taken on the host (another server, or the old one not gone yet); stop it or choose another --port.`,
  },
  {
    kind: 'out_of_memory',
    pattern: /out of memory|failed to allocate buffer for kv cache|failed to allocate compute buffers|unable to allocate backend buffer|failed to allocate \S+ buffer of size|std::bad_alloc/i,
    explain: () =>
      'The model or its KV cache did not fit in memory: lower -c or -np, quantize the KV cache (-ctk/-ctv q8_0, which needs flash attention), or offload fewer layers (-ngl).',
  },
  {
    kind: 'model_not_found',
    pattern: /failed to open GGUF file '([^']+)'|No such file or directory.*\.gguf|\.gguf.*No such file or directory/,
    explain: (m) => `The model file ${m[1] === undefined ? '' : `${m[1]} `}could not be opened on the host: check the -m path (it is read on the host, relative to the server's working directory).`,
  },
  {
    kind: 'model_load_failed',
    pattern: /error loading model: (.*)$|failed to load model '([^']+)'/,
    explain: (m) => `llama-server could not load the model${m[1] === undefined ? '' : ` (${m[1]})`}: the file may be incomplete, corrupted, or of an architecture this build does not support.`,
  },
];

/**
 * The common failures named in a server's last log lines, first occurrence of each kind, in log
 * order. A missing file also reads as a failed load in llama.cpp's log; the load failure is left
 * out then, so the user sees the cause. Pure.
 */
export function explainServerLog(lines: readonly string[]): FailureExplanation[] {
  const found = new Map<FailureKind, FailureExplanation>();
  for (const line of lines) {
    for (const rule of rules) {
      if (found.has(rule.kind)) continue;
      const match = rule.pattern.exec(line);
      if (match !== null) {
        found.set(rule.kind, { kind: rule.kind, line, explanation: rule.explain(match) });
        break;
      }
    }
  }
  if (found.has('model_not_found') || found.has('out_of_memory')) found.delete('model_load_failed');
  return [...found.values()];
}
