import { describe, expect, it } from 'vitest';
import { quitAfterClose, type QuitEvent } from '../../../src-main/app/quit-after-close';

function quitEvent(): QuitEvent & { isHeld: boolean } {
  return {
    isHeld: false,
    preventDefault() {
      this.isHeld = true;
    },
  };
}

/** A close the test finishes by hand, and an exit the test can wait for. */
function harness(timeoutMs = 60_000) {
  let finishClose: (error?: Error) => void = () => undefined;
  let closeCalls = 0;
  const exits: number[] = [];
  const logs: string[] = [];
  let exited: (code: number) => void = () => undefined;
  const exitedOnce = new Promise<number>((resolve) => (exited = resolve));
  const onBeforeQuit = quitAfterClose({
    close: () => {
      closeCalls += 1;
      return new Promise<void>((resolve, reject) => (finishClose = (error) => (error ? reject(error) : resolve())));
    },
    exit: (code) => {
      exits.push(code);
      exited(code);
    },
    timeoutMs,
    log: (message) => logs.push(message),
  });
  return { onBeforeQuit, finishClose: (error?: Error) => finishClose(error), closeCalls: () => closeCalls, exits, logs, exitedOnce };
}

describe('quitting the app', () => {
  it('holds the quit until the core has closed, then exits once', async () => {
    const app = harness();
    const first = quitEvent();
    app.onBeforeQuit(first);
    expect(first.isHeld).toBe(true);
    expect(app.exits).toEqual([]);
    app.finishClose();
    expect(await app.exitedOnce).toBe(0);
    expect(app.exits).toEqual([0]);
  });

  it('holds quits that arrive while closing without closing twice', async () => {
    const app = harness();
    app.onBeforeQuit(quitEvent());
    const second = quitEvent();
    app.onBeforeQuit(second);
    expect(second.isHeld).toBe(true);
    expect(app.closeCalls()).toBe(1);
    app.finishClose();
    await app.exitedOnce;
    expect(app.exits).toEqual([0]);
  });

  it('lets a quit after the close through untouched', async () => {
    const app = harness();
    app.onBeforeQuit(quitEvent());
    app.finishClose();
    await app.exitedOnce;
    const late = quitEvent();
    app.onBeforeQuit(late);
    expect(late.isHeld).toBe(false);
    expect(app.closeCalls()).toBe(1);
  });

  it('still exits, with a non-zero code and a log line, when closing fails', async () => {
    const app = harness();
    app.onBeforeQuit(quitEvent());
    app.finishClose(new Error('ssh socket hung up'));
    expect(await app.exitedOnce).toBe(1);
    expect(app.logs.join('\n')).toContain('ssh socket hung up');
  });

  it('still exits when closing never finishes', async () => {
    const app = harness(20);
    app.onBeforeQuit(quitEvent());
    expect(await app.exitedOnce).toBe(1);
    expect(app.logs.join('\n')).toContain('had not closed after 20 ms');
  });
});
