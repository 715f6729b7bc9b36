import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sloPresets, type Diagnosis, type DiagnosisGoal } from '../../../src-shared/schemas/diagnosis';
import { RunPlan } from '../../../src-shared/schemas/run-plan';
import { AppError } from '../../../src-shared/errors';
import { checkEndpoint, type AdHocHost, type Core } from '../../core/index';
import type { CliIo } from '../args';
import { createNodeCore } from '../node-core';
import { reportLines } from './diagnose-format';
import { parseDiagnoseOptions, type DiagnoseRequest } from './diagnose-options';
import { createDiagnosisPrinter } from './diagnose-progress';
import { hostSpecFromArgs, hostTrustFromArgs, reportCommandError } from './host-command-options';

export { diagnoseSummary, diagnoseUsage } from './diagnose-options';

export interface DiagnoseCommandDeps {
  dataDir: string;
  /** Calls `cancel` on the user's interrupt (Ctrl-C); returns the unsubscribe. Default: process SIGINT. */
  onInterrupt?(cancel: () => void): () => void;
}

/** The workspace name the command line keeps its diagnoses (and `llmwb config`'s journal) under, per host login. */
const workspaceName = (host: AdHocHost | null): string => `Command line: ${host?.identity ?? 'unknown host'}`;

function onSigint(cancel: () => void): () => void {
  process.on('SIGINT', cancel);
  return () => process.off('SIGINT', cancel);
}

/**
 * `llmwb diagnose`: the Diagnose page's wizard headless (issue #13), through the same core. Every
 * option is checked, and the server asked one one-token request, before anything is written.
 * Prints a line per step and per probe as each starts and ends, then the capacity, the verdict,
 * the findings with their evidence, the recommendations and the settings already right.
 * Ctrl-C stops the probe in flight and saves the diagnosis, to be carried on with --resume.
 * Exit: 0 done, 1 failed, 2 bad input (or a --url that does not answer), 130 cancelled.
 */
export async function diagnoseCommand(argv: string[], io: CliIo, deps: DiagnoseCommandDeps): Promise<number> {
  let request: DiagnoseRequest;
  try {
    request = parseDiagnoseOptions(argv);
    if (request.kind === 'start') await checkServer(request.url, request.goal);
  } catch (error) {
    return reportCommandError(io, 'diagnose', error);
  }
  let core: Core | undefined;
  const progress = { hasStarted: false };
  try {
    core = await createNodeCore({ dataDir: deps.dataDir, shell: 'cli' });
    core.notices.forEach((notice) => io.err(`note: ${notice}`));
    if (request.kind === 'list') return await listDiagnoses(core, io);
    const host = request.hostArgs === undefined ? null : await core.hosts.openAdHoc(hostSpecFromArgs(request.hostArgs), hostTrustFromArgs(request.hostArgs, io));
    return await carryOut(core, { io, deps, request, host, progress });
  } catch (error) {
    const code = reportCommandError(io, 'diagnose', error);
    // Once the diagnosis has begun, whatever stops it is a failure of the run, not of the options.
    return progress.hasStarted ? 1 : code;
  } finally {
    await core?.close();
  }
}

/** One one-token request shaped like a probe's: a wrong or silent --url is bad input, said before anything runs. */
async function checkServer(url: string, goal: DiagnosisGoal): Promise<void> {
  const plan = RunPlan.parse({ url, load: { kind: 'closed', virtualUsers: 1 }, requestCount: 1, prompt: goal.workload.prompt, maxTokens: 1 });
  try {
    await checkEndpoint(plan);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError('invalid_input', `${url} does not answer as an inference server: ${message}`, { hint: 'Start the server, or check --url (the base URL, such as http://127.0.0.1:8080).' });
  }
}

async function listDiagnoses(core: Core, io: CliIo): Promise<number> {
  const rows = await core.invoke('diagnose.list', {});
  if (rows.length === 0) io.out('no diagnosis in this data folder');
  for (const row of rows) io.out(`${row.id}  ${row.status.padEnd(11)} ${row.url}  ${row.sloTitle}${row.step === null ? '' : `  at ${row.step}`}${row.capacity === undefined ? '' : `  — ${row.capacity}`}`);
  return 0;
}

/** The workspace endpoint a command-line diagnosis is kept under: one workspace per host login, one endpoint per URL. */
async function commandLineEndpoint(core: Core, host: AdHocHost | null, url: string): Promise<{ workspaceId: string; endpointId: string }> {
  const name = workspaceName(host);
  const workspace = (await core.invoke('workspaces.list', {})).find((candidate) => candidate.name === name) ?? (await core.invoke('workspaces.create', { name, hostLabel: host?.identity ?? 'unknown host' }));
  const endpoint = await core.invoke('endpoints.add', { workspaceId: workspace.id, url });
  return { workspaceId: workspace.id, endpointId: endpoint.id };
}

function goalLine(goal: DiagnosisGoal): string {
  const slo = goal.preset === 'custom' ? goal.slo : `${sloPresets[goal.preset].title}: ${sloPresets[goal.preset].words} (${goal.slo})`;
  return `goal:  ${slo}; ${goal.workload.maxTokens} tokens an answer; ${goal.fidelity}; up to ${goal.maxUsers} users; verify ${goal.verify}`;
}

function hostLine(host: AdHocHost | null, isResume: boolean): string {
  if (host !== null) return `host:  ${host.identity} (inventory, server flags and telemetry recorded beside every probe)`;
  const before = isResume ? ' (pass the --host it started with to include them)' : '';
  return `host:  unknown (no --host): the server's flags, the host's cores, memory and GPUs are not read and no telemetry is recorded, so the rules that need them stay silent${before}`;
}

interface CarryOutInput {
  io: CliIo;
  deps: DiagnoseCommandDeps;
  request: Exclude<DiagnoseRequest, { kind: 'list' }>;
  host: AdHocHost | null;
  progress: { hasStarted: boolean };
}

async function carryOut(core: Core, input: CarryOutInput): Promise<number> {
  const { io, deps, request, host } = input;
  const diagnose = core.diagnoseOnHost(host);
  const controller = new AbortController();
  let printer: ReturnType<typeof createDiagnosisPrinter> | undefined;
  const begin = (diagnosis: Diagnosis): void => {
    input.progress.hasStarted = true;
    io.out(`diagnosis ${diagnosis.id} of ${diagnosis.url}, saved in ${join(deps.dataDir, 'diagnoses', diagnosis.id)}`);
    io.out(goalLine(diagnosis.goal));
    io.out(hostLine(host, request.kind === 'resume'));
    printer = createDiagnosisPrinter(io.out, diagnosis);
    printer.printKept();
  };
  const watch = {
    signal: controller.signal,
    onSaved: (diagnosis: Diagnosis) => (printer === undefined ? begin(diagnosis) : printer.saved(diagnosis)),
    onProbe: (started: { label: string; runId: string }) => printer?.probeStarted(started),
  };
  const offInterrupt = (deps.onInterrupt ?? onSigint)(() => {
    io.err('cancelling: stopping the probe in flight and saving the diagnosis…');
    controller.abort();
  });
  try {
    const resumed = request.kind === 'resume' ? await core.invoke('diagnose.get', { diagnosisId: request.diagnosisId }) : undefined;
    if (resumed !== undefined) begin(resumed);
    const ended =
      request.kind === 'resume'
        ? await diagnose.resume(request.diagnosisId, watch)
        : await diagnose.start({ ...(await commandLineEndpoint(core, host, request.url)), goal: request.goal }, watch);
    return await finish(io, { ended, jsonPath: request.jsonPath, dataDir: deps.dataDir });
  } finally {
    offInterrupt();
  }
}

async function finish(io: CliIo, input: { ended: Diagnosis; jsonPath: string | undefined; dataDir: string }): Promise<number> {
  const { ended, jsonPath } = input;
  if (jsonPath !== undefined) await writeFile(jsonPath, `${JSON.stringify(ended, null, 2)}\n`);
  const resume = `llmwb diagnose --resume ${ended.id} --data-dir ${input.dataDir}`;
  if (ended.status === 'done') {
    reportLines(ended).forEach((line) => io.out(line));
    return 0;
  }
  if (ended.status === 'cancelled') {
    io.err(`cancelled: what was measured is saved; carry on with: ${resume}`);
    return 130;
  }
  io.err(`the diagnosis ${ended.status === 'failed' ? 'failed' : `ended ${ended.status}`}; once the cause is fixed, carry on with: ${resume}`);
  return 1;
}

