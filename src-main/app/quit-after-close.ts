/** What `before-quit` hands its listener; only the part we use. */
export interface QuitEvent {
  preventDefault(): void;
}

export interface QuitAfterCloseOptions {
  /** Stops runs (their records flushed to disk), closes host sessions and the demo server. */
  close: () => Promise<void>;
  /** Ends the process without emitting before-quit again (Electron's app.exit). */
  exit: (code: number) => void;
  /** A close still pending after this long exits anyway, so a hung SSH socket cannot keep the app alive forever. */
  timeoutMs: number;
  log: (message: string) => void;
}

/**
 * The before-quit listener: the first quit is held until the core has closed, then the app
 * exits exactly once. Electron does not wait for promises in its listeners, so without this a
 * run still recording would be cut off mid-write on every quit. Quit requests that arrive while
 * closing (a second Cmd+Q, the last window closing) are held too.
 */
export function quitAfterClose(options: QuitAfterCloseOptions): (event: QuitEvent) => void {
  let state: 'open' | 'closing' | 'closed' = 'open';
  return (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    void closeWithin(options).then((code) => {
      state = 'closed';
      options.exit(code);
    });
  };
}

async function closeWithin(options: QuitAfterCloseOptions): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
  });
  try {
    const outcome = await Promise.race([options.close().then(() => 'closed' as const), timedOut]);
    if (outcome === 'closed') return 0;
    options.log(`Quitting: the core had not closed after ${options.timeoutMs} ms; exiting anyway.`);
    return 1;
  } catch (error) {
    options.log(`Quitting: closing the core failed: ${(error as Error).message}`);
    return 1;
  } finally {
    clearTimeout(timer);
  }
}
