import { AppError, toAppError } from '../../../../src-shared/errors';
import { parseThresholds } from '../../../../src-shared/metrics/thresholds';
import type { Diagnosis } from '../../../../src-shared/schemas/diagnosis';
import type { DiagnosisVerify, VerifyArm, VerifyVerdict } from '../../../../src-shared/schemas/diagnosis-verify';
import { ServerConfig } from '../../../../src-shared/schemas/server-config';
import { compareLoadRuns } from '../../runs/compare/compare-load-runs';
import type { DiagnosisConfigure, DiagnosisContext, ProbeStarted, StepOutcome } from '../diagnosis-context';
import { probePlan, readProbe, runProbe } from '../probe-run';
import { applyChanges } from '../recommend';
import { judgeVerify, minVerifyGainPct } from '../verify-verdict';
import { verifyRunOf, verifyRunSamples } from '../verify-samples';

/** A B A B A B: interleaved so drift (heat, other load) falls on both arms alike, three runs each (diagnosis-rules.md §0.4). */
const armOrder: readonly VerifyArm[] = ['baseline', 'candidate', 'baseline', 'candidate', 'baseline', 'candidate'];
/** Steady requests per run: at least 30 (diagnosis-rules.md §0.4), four per user, and enough for `minRunS` at the rate the capacity search measured. */
const minRequestsPerRun = 30;
const requestsPerUser = 4;
const minRunS = 10;
const maxRequestsPerRun = 2000;
/** No run goes on longer than this, whatever its request count: a slow server shows as fewer requests. */
const maxRunS = 600;

/** The load of the A/B: the capacity found, else the users the findings were judged at. */
function verifyUsers(diagnosis: Diagnosis): number | null {
  const capacity = diagnosis.capacity?.result?.capacityUsers ?? 0;
  return capacity > 0 ? capacity : (diagnosis.conclusion?.users ?? null);
}

/** Why the step does not run, in words; null when it does. */
function skipReason(diagnosis: Diagnosis, context: DiagnosisContext): string | null {
  if (diagnosis.goal.verify === 'none') return 'not asked (verify: none)';
  const first = diagnosis.conclusion?.recommendations[0];
  if (first === undefined) return 'nothing to verify: there is no recommendation';
  if (first.changes.length === 0) return `nothing to verify: the first recommendation is not a flag change (${first.action ?? first.title})`;
  if (context.configure == null) return `${first.title} cannot be applied: this endpoint has no launch method (say how its server is launched on the Config page)`;
  if (verifyUsers(diagnosis) === null) return 'nothing to verify at: the capacity search found no load';
  return null;
}

/** Requests per run: a run short enough to repeat six times, long enough that its start and end do not rule its rate. */
function requestsPerRun(diagnosis: Diagnosis, users: number): number {
  const measuredPerS = diagnosis.capacity?.curve?.find((point) => point.users === users)?.requestsPerS ?? 0;
  return Math.min(maxRequestsPerRun, Math.max(minRequestsPerRun, users * requestsPerUser, Math.ceil(measuredPerS * minRunS)));
}

async function startVerify(diagnosis: Diagnosis, context: DiagnosisContext): Promise<DiagnosisVerify> {
  const recommendation = diagnosis.conclusion!.recommendations[0]!;
  const users = verifyUsers(diagnosis)!;
  const baselineConfig = await context.serverConfig();
  if (baselineConfig === null) throw new AppError('not_found', 'The server’s configuration could not be read, so there would be nothing known to come back to: nothing was applied.');
  // A change the flag catalog accepts may still make a configuration its schema refuses (-np 0): say so before anything restarts.
  const candidate = ServerConfig.safeParse(applyChanges(baselineConfig, recommendation.changes));
  if (!candidate.success) throw new AppError('invalid_input', `${recommendation.title} makes a configuration that is not valid (${candidate.error.issues.map((issue) => issue.message).join('; ')}): nothing was applied.`);
  return {
    recommendationRank: recommendation.rank,
    title: recommendation.title,
    users,
    requestsPerRun: requestsPerRun(diagnosis, users),
    baselineConfig,
    candidateConfig: candidate.data,
    applied: [],
    runs: [],
  };
}

/** A saved A/B carried on: a cancel's restore note is dropped, its runs kept. */
function resumed(verify: DiagnosisVerify): DiagnosisVerify {
  if (verify.verdict !== undefined) return verify;
  const { outcome: _restored, note: _why, ...carried } = verify;
  return carried;
}

/** The A/B in flight: the diagnosis as last saved, and what it acts through. */
interface Session {
  context: DiagnosisContext;
  configure: DiagnosisConfigure;
  current: Diagnosis;
  onProbe: ProbeStarted | undefined;
}

const verifyOf = (session: Session): DiagnosisVerify => session.current.verify!;
/** The arm the server runs now: the last one applied, else the configuration the diagnosis found. */
const serverOn = (verify: DiagnosisVerify): VerifyArm => verify.applied.at(-1)?.arm ?? 'baseline';

async function update(session: Session, patch: Partial<DiagnosisVerify>): Promise<void> {
  session.current = { ...session.current, verify: { ...verifyOf(session), ...patch } };
  await session.context.save(session.current);
}

async function putOn(session: Session, arm: VerifyArm): Promise<void> {
  const verify = verifyOf(session);
  const { entryId } = await session.configure.apply(arm === 'baseline' ? verify.baselineConfig : verify.candidateConfig);
  await update(session, { applied: [...verifyOf(session).applied, { arm, entryId, atMs: session.context.now() }] });
}

/** One run of one arm at the A/B's load, to its request count (no early stop: every run must be alike), saved when done. */
async function measureArm(session: Session, arm: VerifyArm): Promise<void> {
  const { context } = session;
  const verify = verifyOf(session);
  // The demo answers on a new port after each restart: the load goes where the endpoint points now.
  const target = { ...context.target, url: await session.configure.url() };
  const plan = probePlan(target, session.current.goal, { users: verify.users, requests: verify.requestsPerRun, maxDurationS: maxRunS });
  const label = `verify ${arm} ${verify.runs.filter((run) => run.arm === arm).length + 1} of 3 at ${verify.users} users`;
  const recordings = await runProbe(context.probes, plan, { signal: context.signal, isDecided: () => false, onStarted: (runId) => session.onProbe?.({ label, runId }) });
  if (context.signal.aborted) throw new AppError('cancelled', `The diagnosis was cancelled during the verify run ${recordings.record.id}.`);
  if (recordings.record.status === 'failed') throw new AppError('http_error', `The verify run of the ${arm} failed: ${recordings.record.error?.message ?? 'see its run in History'}`, { details: { runId: recordings.record.id } });
  const samples = verifyRunSamples(recordings.record.id, recordings.requests);
  await update(session, { runs: [...verify.runs, verifyRunOf(arm, samples, recordings.requests)] });
}

/** Runs the arms still missing; returns why the candidate could not be put on when it could not (then nothing more runs). */
async function runArms(session: Session): Promise<string | null> {
  for (let index = verifyOf(session).runs.length; index < armOrder.length; index += 1) {
    const arm = armOrder[index]!;
    if (serverOn(verifyOf(session)) !== arm) {
      const refused = await putOn(session, arm).then(
        () => null,
        (error: unknown) => (arm === 'candidate' && !session.context.signal.aborted ? toAppError(error).message : Promise.reject(error)),
      );
      if (refused !== null) return refused;
    }
    await measureArm(session, arm);
  }
  return null;
}

/** Compares the arms' runs (read back from their run folders, so a resumed A/B compares them alike) and judges them. */
async function compareArms(session: Session): Promise<{ comparison: NonNullable<DiagnosisVerify['comparison']>; verdict: VerifyVerdict }> {
  const { runs } = verifyOf(session);
  const samples = await Promise.all(runs.map(async (run) => verifyRunSamples(run.runId, (await readProbe(session.context.probes, run.runId)).requests)));
  const armSamples = (arm: VerifyArm) => samples.filter((_, index) => runs[index]!.arm === arm);
  const comparison = compareLoadRuns([armSamples('baseline'), armSamples('candidate')], { baselineArm: 0 });
  const armRuns = (arm: VerifyArm) => runs.filter((run) => run.arm === arm);
  const errorRate = (arm: VerifyArm): number => {
    const failed = armRuns(arm).reduce((sum, run) => sum + run.failed, 0);
    const total = armRuns(arm).reduce((sum, run) => sum + run.failed + run.completed, 0);
    return total === 0 ? 0 : failed / total;
  };
  const verdict = judgeVerify({
    comparison,
    perRunTokensPerS: { baseline: armRuns('baseline').map((run) => run.outputTokensPerS ?? Number.NaN), candidate: armRuns('candidate').map((run) => run.outputTokensPerS ?? Number.NaN) },
    errorRates: { baseline: errorRate('baseline'), candidate: errorRate('candidate') },
    slo: parseThresholds(session.current.goal.slo).thresholds,
  });
  return { comparison: { ...comparison, notices: [] }, verdict };
}

function refusedVerdict(title: string, why: string): VerifyVerdict {
  return { decision: 'roll-back', gainPct: null, interval: null, runToRunCvPct: null, barPct: minVerifyGainPct, worseSlos: [], sentence: `${title} did not start (${why}): roll back` };
}

/** After a cancel or a failure mid-A/B: the baseline back on the server, said in the saved A/B. */
async function restoreAfter(session: Session, error: unknown): Promise<void> {
  const why = session.context.signal.aborted || toAppError(error).code === 'cancelled' ? 'cancelled' : `stopped: ${toAppError(error).message}`;
  try {
    if (serverOn(verifyOf(session)) !== 'baseline') await putOn(session, 'baseline');
    await update(session, { outcome: 'rolled-back', note: `${why}; the baseline configuration runs again` });
  } catch (restoreError) {
    await update(session, { note: `${why}; restoring the baseline configuration failed too: ${toAppError(restoreError).message}` });
  }
}

/** The summary line: what was tried, the verdict, and what to try next. */
function summaryOf(diagnosis: Diagnosis): string {
  const verify = diagnosis.verify!;
  const next = diagnosis.conclusion?.recommendations.find((recommendation) => recommendation.rank > verify.recommendationRank);
  const offer = next === undefined ? 'no other recommendation to try' : `next to try: ${next.title}`;
  return `${verify.title} at ${verify.users} users: ${verify.verdict?.sentence ?? verify.note ?? 'not judged'}; ${offer}`;
}

/**
 * Step 7 (issue #13): with the user's consent (goal.verify 'top') and a launch method, applies the
 * first recommendation and measures baseline and candidate interleaved A B A B A B at the
 * capacity load, a fixed request count per run, saving after every apply and every run; compares
 * the arms with the shared statistical comparison (Welch's interval on per-run figures) and
 * judges them by judgeVerify; keeps the candidate or puts the baseline back, so the server ends
 * on a configuration that answered. A cancel or a failure mid-way puts the baseline back first.
 */
export async function verifyStep(diagnosis: Diagnosis, context: DiagnosisContext, onProbe?: ProbeStarted): Promise<StepOutcome & { isSkipped?: boolean }> {
  const skip = skipReason(diagnosis, context);
  if (skip !== null) return { diagnosis, isSkipped: true, summary: skip };
  const verify = diagnosis.verify === undefined ? await startVerify(diagnosis, context) : resumed(diagnosis.verify);
  const session: Session = { context, configure: context.configure!, current: { ...diagnosis, verify }, onProbe };
  await context.save(session.current);
  let refused: string | null;
  try {
    refused = await runArms(session);
  } catch (error) {
    await restoreAfter(session, error);
    throw error;
  }
  const judged: Pick<DiagnosisVerify, 'comparison'> & { verdict: VerifyVerdict } = refused === null ? await compareArms(session) : { verdict: refusedVerdict(verify.title, refused) };
  const isKept = judged.verdict.decision === 'keep';
  await update(session, judged);
  const wanted: VerifyArm = isKept ? 'candidate' : 'baseline';
  if (serverOn(verifyOf(session)) !== wanted) await putOn(session, wanted);
  await update(session, { outcome: isKept ? 'kept' : 'rolled-back', ...(refused === null ? {} : { note: `the candidate did not start: ${refused}` }) });
  return { diagnosis: session.current, summary: summaryOf(session.current) };
}
