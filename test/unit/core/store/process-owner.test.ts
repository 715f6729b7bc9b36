import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { currentProcessOwner, isOwnerGone, processStartToken } from '../../../../src-main/core/store/process-owner';

const isLinux = process.platform === 'linux';
const children: ChildProcess[] = [];

/** A Node child that lives until its stdin closes. */
function startChild(): ChildProcess & { pid: number } {
  const child = spawn(process.execPath, ['-e', 'process.stdin.resume(); process.stdin.on("end", () => process.exit(0))'], { stdio: ['pipe', 'ignore', 'ignore'] });
  children.push(child);
  return child as ChildProcess & { pid: number };
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('the owner of a running run', () => {
  it('describes this process by pid, host and, on Linux, a start token', () => {
    const self = currentProcessOwner();
    expect(self).toMatchObject({ pid: process.pid, hostname: hostname() });
    if (isLinux) expect(self.startToken).toMatch(/^[0-9a-f-]+:\d+$/);
  });

  it('is not gone while its process runs', () => {
    const child = startChild();
    const owner = { pid: child.pid, hostname: hostname(), startToken: processStartToken(child.pid) };
    expect(isOwnerGone(owner)).toBe(false);
    expect(isOwnerGone(currentProcessOwner())).toBe(false);
  });

  it('is gone once its process has exited', async () => {
    const child = startChild();
    const owner = { pid: child.pid, hostname: hostname(), startToken: processStartToken(child.pid) };
    const exited = once(child, 'exit');
    child.stdin!.end();
    await exited;
    expect(isOwnerGone(owner)).toBe(true);
  });

  it.runIf(isLinux)('is gone when its pid now belongs to a process that started at another time', () => {
    const child = startChild();
    const reusedPid = { pid: child.pid, hostname: hostname(), startToken: 'an-earlier-boot:12345' };
    expect(isOwnerGone(reusedPid)).toBe(true);
    expect(isOwnerGone({ ...currentProcessOwner(), startToken: 'an-earlier-boot:1' })).toBe(true);
  });

  it('is never declared gone when it ran on another host', () => {
    expect(isOwnerGone({ pid: 999_999_999, hostname: `not-${hostname()}` })).toBe(false);
  });
});
