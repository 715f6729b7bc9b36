/** The slot count a llama-server (or the demo server) states in GET /props; null while it does not answer. */
export async function totalSlotsAt(baseUrl: string): Promise<number | null> {
  const response = await fetch(`${baseUrl}/props`).catch(() => null);
  if (response?.status !== 200) return null;
  return ((await response.json()) as { total_slots: number }).total_slots;
}

/** Polls a state until it holds (a restarted server's /props, a session back up), failing after `timeoutMs`. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 100));
  }
}
