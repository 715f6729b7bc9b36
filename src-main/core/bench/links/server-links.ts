import type { BenchServerLink } from '../../../../src-shared/contract/bench.contract';
import type { BenchHostServer, BenchResult } from '../../../../src-shared/schemas/bench-result';
import type { RunRow } from '../../../../src-shared/schemas/run-row';

/** Server runs at this many users or fewer decode close to one stream's speed, which tg measures. */
export const lowConcurrencyMaxUsers = 2;
const maxLinks = 8;

/** One server run's decode speed per stream, and where that number came from. */
export interface ServerDecodeFacts {
  runId: string;
  startedAt: number;
  users: number;
  decodeTokensPerS: number;
  /** "TPOT p50" / "ITL p50": 1000 ÷ the per-token time the client measured. */
  source: string;
}

/**
 * A finished server run's decode speed per stream, when it ran a steady closed loop of at most
 * `lowConcurrencyMaxUsers` users: 1000 ÷ TPOT p50 (time per output token after the first),
 * else 1000 ÷ ITL p50. Null for other runs (open loops, ramps, failures, no tokens).
 */
export function serverDecodeFacts(row: RunRow): ServerDecodeFacts | null {
  const { headline, load } = row;
  if (headline === undefined || headline.completed === 0 || (row.status !== 'completed' && row.status !== 'stopped')) return null;
  if (load.kind !== 'closed' || load.stages !== undefined || load.virtualUsers > lowConcurrencyMaxUsers) return null;
  const perToken = headline.tpotP50Ms !== null && headline.tpotP50Ms > 0
    ? { ms: headline.tpotP50Ms, source: 'TPOT p50' }
    : headline.itlP50Ms !== null && headline.itlP50Ms > 0 ? { ms: headline.itlP50Ms, source: 'ITL p50' } : null;
  if (perToken === null) return null;
  return { runId: row.id, startedAt: row.startedAt, users: load.virtualUsers, decodeTokensPerS: 1000 / perToken.ms, source: perToken.source };
}

export interface LinkInput {
  results: readonly BenchResult[];
  /** The llama-server that ran on the host when the bench ran (its -t and -np), if one did. */
  server: BenchHostServer | null;
  serverRuns: readonly ServerDecodeFacts[];
}

/**
 * Pairs llama-bench's tg results (no depth) with the server's decode speed per stream on the same
 * host, at the server's thread count when it is known, in sentences such as "tg128 at -t 8 was
 * 41.0 t/s in llama-bench; the server at -np 1 decoded 38.0 t/s per stream (1 user, from TPOT
 * p50), 7 % below". The server run used is the latest at one user, else the latest at two.
 * `notes` say why there is nothing to pair. Pure.
 */
export function linkBenchToServer(input: LinkInput): { links: BenchServerLink[]; notes: string[] } {
  const tg = input.results.filter((r) => r.nPrompt === 0 && r.nGen > 0 && r.nDepth === 0);
  const notes: string[] = [];
  if (tg.length === 0) notes.push('This bench has no tg test without depth (-n with -d 0), so there is nothing to set beside the server’s decode speed.');
  const run = pickServerRun(input.serverRuns);
  if (run === null) notes.push(`No finished server run at ${lowConcurrencyMaxUsers} users or fewer on this workspace yet: run one on the Run page (1 virtual user) to compare decode speeds.`);
  if (tg.length === 0 || run === null) return { links: [], notes };
  const threads = input.server?.threads ?? null;
  const paired = threads === null ? tg : tg.filter((r) => r.params.n_threads === threads);
  if (threads === null) notes.push('The server’s -t was not known when this bench ran (no llama-server running, or no -t on its command line), so every tg thread count is shown.');
  else if (paired.length === 0) notes.push(`llama-bench did not test -t ${threads}, the server’s thread count; add ${threads} to -t to compare like with like.`);
  const links = bestPerTestAndThreads(paired).slice(0, maxLinks).map((result) => linkOf(result, { run, server: input.server }));
  return { links, notes };
}

function pickServerRun(runs: readonly ServerDecodeFacts[]): ServerDecodeFacts | null {
  const latest = (users: number) => runs.filter((r) => r.users === users).sort((a, b) => b.startedAt - a.startedAt)[0];
  for (let users = 1; users <= lowConcurrencyMaxUsers; users += 1) {
    const found = latest(users);
    if (found !== undefined) return found;
  }
  return null;
}

/** The fastest result of each (test, thread count), in order of first appearance. */
function bestPerTestAndThreads(results: readonly BenchResult[]): BenchResult[] {
  const best = new Map<string, BenchResult>();
  for (const result of results) {
    const key = `${result.test}|${String(result.params.n_threads ?? '?')}`;
    const seen = best.get(key);
    if (seen === undefined || result.avgTs > seen.avgTs) best.set(key, result);
  }
  return [...best.values()];
}

function linkOf(result: BenchResult, context: { run: ServerDecodeFacts; server: BenchHostServer | null }): BenchServerLink {
  const { run, server } = context;
  const threads = result.params.n_threads ?? null;
  const deltaPct = result.avgTs > 0 ? ((run.decodeTokensPerS - result.avgTs) / result.avgTs) * 100 : 0;
  const where = threads === null ? '' : ` at -t ${threads}`;
  const serverName = server?.parallel != null ? `the server at -np ${server.parallel}` : 'the server';
  const users = `${run.users} user${run.users === 1 ? '' : 's'}`;
  const direction = Math.abs(deltaPct) < 0.5 ? 'the same speed' : `${Math.abs(deltaPct).toFixed(0)} % ${deltaPct < 0 ? 'below' : 'above'}`;
  const sentence = `${result.test}${where} was ${formatTs(result.avgTs)} t/s in llama-bench; ${serverName} decoded ${formatTs(run.decodeTokensPerS)} t/s per stream (${users}, from ${run.source}), ${direction}.`;
  return { sentence, test: result.test, threads, benchTs: result.avgTs, serverRunId: run.runId, serverTs: run.decodeTokensPerS, deltaPct };
}

function formatTs(value: number): string {
  if (value >= 100) return value.toFixed(0);
  return value >= 10 ? value.toFixed(1) : value.toFixed(2);
}
