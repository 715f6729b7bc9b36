import { AppError } from '../../../../src-shared/errors';
import type { BenchHostServer, BenchResult, BenchRunOrigin } from '../../../../src-shared/schemas/bench-result';
import type { HostSession } from '../../hosts/host-session';
import { buildBenchArgv } from '../plan/bench-argv';
import { assumptionsFromResults, estimateBench, type BenchEstimate } from '../plan/bench-estimate';
import { assertBenchPlan, type BenchPlan } from '../plan/bench-plan';
import { findModelPathProblems } from '../plan/check-model-paths';
import { findRunningServer, hostPathProbe, locateBench } from './host-probes';

/** Everything checked and found before llama-bench starts. */
export interface PreparedBench {
  plan: BenchPlan;
  estimate: BenchEstimate;
  argv: string[];
  binary: string;
  binarySource: BenchRunOrigin['binarySource'];
  server: BenchHostServer | null;
  warnings: string[];
}

export interface PrepareBenchOptions {
  host: HostSession;
  /** The plan as the form or the command line gave it (checked here). */
  plan: unknown;
  benchPath?: string;
  /** Earlier results of the same models, for a measured time estimate. */
  earlierResults?: readonly BenchResult[];
}

/**
 * The checks that come before anything runs, in the order a user fixes them: the plan itself
 * (every problem at once, `invalid_input`), the model files on the host (`invalid_input` naming
 * each path), then llama-bench's binary (`not_found` saying where it looked). Also notes a
 * llama-server running on the host, which competes with the benchmark for the same cores.
 */
export async function prepareBench(options: PrepareBenchOptions): Promise<PreparedBench> {
  const { host } = options;
  const { plan, warnings } = assertBenchPlan(options.plan);
  const modelProblems = await findModelPathProblems(plan.models, hostPathProbe(host));
  const tildes = plan.models.filter((model) => model.startsWith('~'));
  if (modelProblems.length > 0) {
    const hint = tildes.length > 0 ? 'Paths reach llama-bench without a shell, so ~ is not expanded: write the full path (/home/user/…).' : undefined;
    throw new AppError('invalid_input', `the bench plan has ${modelProblems.length} problem(s):\n${modelProblems.join('\n')}`, { hint, details: modelProblems });
  }
  const server = await findRunningServer(host).catch(() => null);
  const located = await locateBench(host, { ...(options.benchPath === undefined ? {} : { configuredPath: options.benchPath }), server });
  const earlier = (options.earlierResults ?? []).filter((result) => result.modelFilename !== null && plan.models.includes(result.modelFilename));
  const estimate = estimateBench(plan, assumptionsFromResults(earlier));
  if (server !== null) {
    warnings.push(`llama-server (pid ${server.pid}) is running on ${host.label}; it shares the CPU and GPU with llama-bench, so stop it for clean numbers if it is busy`);
  }
  return { plan, estimate, argv: buildBenchArgv(plan, { withProgress: true }), binary: located.binary, binarySource: located.source, server, warnings };
}
