import type { Signal } from './signal';
import { known, unknown } from './signal';

const noLog = "the server's log was not read";

/**
 * The server-log signals of diagnosis-rules.md §1.4: `offloaded X/Y layers to GPU` (C12) and the
 * flash-attention fallback lines (C19). 1 = the line was seen, 0 = the log was read and it was not.
 */
export function logSignals(log: string | undefined): Record<string, Signal> {
  if (log === undefined) return { offloadedLayers: unknown(noLog), modelLayers: unknown(noLog), faOnCpu: unknown(noLog) };
  const offload = /offloaded (\d+)\/(\d+) layers to GPU/.exec(log);
  const faOnCpu = /but Flash Attention is assigned to device CPU|Flash Attention not supported, set to disabled/.test(log);
  const noOffloadLine = 'the log has no `offloaded X/Y layers to GPU` line (a CPU-only build prints none)';
  return {
    offloadedLayers: offload === null ? unknown(noOffloadLine) : known(Number(offload[1]), { kind: 'log' }),
    modelLayers: offload === null ? unknown(noOffloadLine) : known(Number(offload[2]), { kind: 'log' }),
    faOnCpu: known(faOnCpu ? 1 : 0, { kind: 'log' }),
  };
}
