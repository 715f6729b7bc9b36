import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { z } from 'zod';

/**
 * The process that is carrying out a running run, as recorded on its index row. `startToken`
 * (Linux: boot id + the process's start time in clock ticks) tells a live owner from a new
 * process that was handed the same pid later, or after a reboot.
 */
export const ProcessOwner = z.object({
  pid: z.number().int().positive(),
  hostname: z.string(),
  startToken: z.string().optional(),
});
export type ProcessOwner = z.infer<typeof ProcessOwner>;

function readProcText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Fields of /proc/<pid>/stat after the command name, which may itself hold spaces and ')'. */
function procStatFields(pid: number): string[] | undefined {
  const text = readProcText(`/proc/${pid}/stat`);
  if (text === undefined) return undefined;
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/**
 * A token that changes when `pid` names a different process: the boot id and the start time
 * (field 22 of /proc/<pid>/stat). Undefined where /proc does not exist (macOS, Windows); the
 * liveness check then rests on the pid alone.
 */
export function processStartToken(pid: number): string | undefined {
  const bootId = readProcText('/proc/sys/kernel/random/boot_id')?.trim();
  const startTicks = procStatFields(pid)?.[19];
  return bootId && startTicks ? `${bootId}:${startTicks}` : undefined;
}

let self: ProcessOwner | undefined;

/** This process, as it is recorded on the rows of the runs it carries out. */
export function currentProcessOwner(): ProcessOwner {
  if (!self) {
    const startToken = processStartToken(process.pid);
    self = { pid: process.pid, hostname: hostname(), ...(startToken === undefined ? {} : { startToken }) };
  }
  return self;
}

/** kill(pid, 0) delivers nothing; ESRCH means no such process, EPERM one we may not signal. */
function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * True only when the owner is known to be gone: it ran on this host and its pid is free, is a
 * zombie, or now belongs to a process with another start token. An owner on another host is
 * never declared gone, because nothing here can see its processes.
 */
export function isOwnerGone(owner: ProcessOwner, here: ProcessOwner = currentProcessOwner()): boolean {
  if (owner.hostname !== here.hostname) return false;
  if (owner.pid === here.pid) return owner.startToken !== here.startToken;
  if (!pidExists(owner.pid)) return true;
  const state = procStatFields(owner.pid)?.[0];
  // A killed child its parent has not reaped yet still answers kill(pid, 0).
  if (state === 'Z' || state === 'X') return true;
  if (owner.startToken === undefined) return false;
  const token = processStartToken(owner.pid);
  return token !== undefined && token !== owner.startToken;
}
