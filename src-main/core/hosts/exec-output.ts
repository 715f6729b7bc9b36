import { AppError } from '../../../src-shared/errors';
import { byteSizeLabel } from './capped-read';

/**
 * 16 MiB per output stream of one exec. The largest answers the workbench asks for (a probe
 * dump with /proc/cpuinfo of a 512-CPU host, `docker inspect`, nvidia-smi on 16 GPUs) are
 * 1–2 MiB, and an exec holds all of its output in memory: past 16 MiB a command is running away.
 */
export const maxExecOutputBytes = 16 * 1024 * 1024;

/** One output stream of an exec, collected up to maxExecOutputBytes. */
export interface CappedOutput {
  /** Keeps the chunk. Returns false once: for the chunk that takes the stream past the cap; every chunk after that is dropped. */
  add(chunk: Buffer): boolean;
  text(): string;
}

/** An empty CappedOutput. */
export function createCappedOutput(): CappedOutput {
  const chunks: Buffer[] = [];
  let bytes = 0;
  return {
    add(chunk) {
      if (bytes > maxExecOutputBytes) return true;
      bytes += chunk.length;
      if (bytes > maxExecOutputBytes) return false;
      chunks.push(chunk);
      return true;
    },
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

/** The error of an exec whose output passed the cap; the caller has already stopped the command. */
export function execOutputTooLarge(options: { program: string; where: string; stream: 'stdout' | 'stderr'; command: unknown }): AppError {
  return new AppError(
    'remote_command_failed',
    `The ${options.stream} of ${options.program} on ${options.where} is larger than ${byteSizeLabel(maxExecOutputBytes)}; the workbench reads at most that and stopped the command.`,
    { details: { command: options.command, maxBytes: maxExecOutputBytes } },
  );
}
