import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { armDeadManTimer, type DeadManTimer } from '../../../../src-main/core/configure/dead-man-timer';
import { createLocalHost } from '../../../../src-main/core/hosts/local-host';
import { makeTempDir } from '../../../support/temp-dir';

const host = createLocalHost();
let temp: { dir: string; cleanup(): Promise<void> };
beforeEach(async () => {
  temp = await makeTempDir('llmwb-dead-man-');
});
afterEach(() => temp.cleanup());

/** Waits for the timer's state on the host, polling it (the timer lives outside this process). */
async function waitForState(timer: DeadManTimer, wanted: string): Promise<void> {
  while ((await timer.state()) !== wanted) await new Promise((done) => setTimeout(done, 50));
}

const restoreWriting = (file: string): string[] => ['sh', '-c', 'echo "restored: $2" > "$1"', 'restore', file, "it's; $(not run)"];

describe('the dead-man timer on the host', () => {
  it('runs the restore command when its window passes unconfirmed, with every word literal', async () => {
    const marker = join(temp.dir, 'restored');
    const timer = await armDeadManTimer(host, { dir: temp.dir, seconds: 0.3, restoreArgv: restoreWriting(marker) });
    await waitForState(timer, 'fired');
    await expect.poll(() => readFile(marker, 'utf8').catch(() => ''), { timeout: 10_000 }).toBe("restored: it's; $(not run)\n");
    expect(await timer.disarm()).toBe('fired');
  });

  it('never fires once disarmed: its sleeping process group is ended at once', async () => {
    const marker = join(temp.dir, 'restored');
    const timer = await armDeadManTimer(host, { dir: temp.dir, seconds: 300, restoreArgv: restoreWriting(marker) });
    const pid = Number(await readFile(join(temp.dir, `deadman-${timer.token}.pid`), 'utf8'));
    expect(await timer.state()).toBe('armed');
    expect(await timer.disarm()).toBe('disarmed');
    await expect.poll(() => readFile(`/proc/${pid}/stat`, 'utf8').then((stat) => stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3), () => 'gone'), { timeout: 10_000 }).toMatch(/gone|Z/);
    expect(await timer.state()).toBe('disarmed');
    await expect(readFile(marker, 'utf8')).rejects.toThrow();
  });

  it('refuses a window that is not a positive number of seconds', async () => {
    await expect(armDeadManTimer(host, { dir: temp.dir, seconds: 0, restoreArgv: ['true'] })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
