import { existsSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { AppError } from '../../../src-shared/errors';
import { parseDurationS } from '../../../src-shared/metrics/duration';
import { profileNames } from '../../../src-shared/schemas/load-shape';
import { ApiKind, RunPlan, type RunPlanInput } from '../../../src-shared/schemas/run-plan';
import { lastValue, parseArgs, type ParsedArgs } from '../args';
import { hostBooleanNames, hostOptionNames, hostSpecFromArgs } from './host-command-options';

/** What `llmwb run` was asked for: the plan, and where its outputs go. */
export interface RunOptions {
  plan: RunPlan;
  jsonPath: string | undefined;
  exportDir: string | undefined;
  dataDir: string;
  /** The API key read from --api-key-env, held in memory for this process only. */
  apiKey: { secretId: string; value: string } | undefined;
  /** The parsed arguments when --host names a host to record telemetry from (opened once the endpoint answered). */
  hostArgs: ParsedArgs | undefined;
}

export const runOptionNames = [
  'url', 'concurrency', 'duration', 'requests', 'max-tokens', 'prompt', 'json', 'data-dir', 'rate', 'arrivals', 'profile', 'step',
  'stages', 'dataset', 'slo', 'api', 'header', 'warmup', 'cooldown', 'max-in-flight', 'when-full', 'model', 'api-key-env', 'seed',
  'embedding-inputs', 'export', 'timeout', ...hostOptionNames,
] as const;

const flagOfPath: Record<string, string> = {
  url: '--url', 'load.virtualUsers': '--concurrency', 'load.kind': '--concurrency', 'load.rateRps': '--rate', 'load.burstiness': '--arrivals',
  'load.maxInFlight': '--max-in-flight', 'load.stepDurationS': '--step', 'load.stages': '--stages', 'load.profile': '--profile',
  durationS: '--duration', requestCount: '--requests', maxTokens: '--max-tokens', prompt: '--prompt', slo: '--slo', api: '--api',
  warmupS: '--warmup', cooldownS: '--cooldown', headers: '--header', requestTimeoutS: '--timeout', embeddingInputs: '--embedding-inputs',
};

/** Reads every flag, reporting every problem at once (flag syntax first, then the plan's own checks). */
export function parseRunOptions(argv: string[], defaults: { dataDir: string; env?: Record<string, string | undefined> }): RunOptions {
  const args = parseArgs(argv, { options: runOptionNames, booleans: ['ignore-eos', 'no-stream', ...hostBooleanNames], aliases: { '-c': 'concurrency', '-d': 'duration', '-n': 'requests' } });
  const problems: string[] = [];
  const reader = optionReader(args, problems);
  if (reader.text('url') === undefined) problems.push('--url is required (the server\'s base URL, such as http://127.0.0.1:8080)');
  if (reader.text('duration') === undefined && reader.text('requests') === undefined && reader.text('profile') === undefined) problems.push('--duration or --requests is required (for example --duration 30s)');
  const input: RunPlanInput = { url: reader.text('url') ?? '', load: readLoad(reader, problems), ...readFields(reader, args, problems) };
  const apiKey = readApiKey(reader, problems, defaults.env ?? process.env);
  if (apiKey) input.apiKeySecretId = apiKey.secretId;
  const jsonPath = reader.path('json');
  const exportDir = reader.path('export');
  if (jsonPath !== undefined && !existsSync(dirname(jsonPath))) problems.push(`--json: the folder ${dirname(jsonPath)} does not exist`);
  if (exportDir !== undefined && !existsSync(exportDir)) problems.push(`--export: the folder ${exportDir} does not exist`);
  const hostArgs = readHost(args, problems);
  const plan = RunPlan.safeParse(input);
  if (!plan.success) problems.push(...planProblems(plan.error.issues, problems));
  if (problems.length > 0 || !plan.success) throw new AppError('invalid_input', problems.join('\n'));
  return { plan: plan.data, jsonPath, exportDir, dataDir: resolve(reader.text('data-dir') ?? defaults.dataDir), apiKey, hostArgs };
}

/** --host and its companions, checked now so a bad address is reported with every other problem. */
function readHost(args: ParsedArgs, problems: string[]): ParsedArgs | undefined {
  if (lastValue(args, 'host') === undefined) {
    const stray = hostOptionNames.filter((name) => name !== 'host' && lastValue(args, name) !== undefined);
    if (stray.length > 0) problems.push(`${stray.map((name) => `--${name}`).join(', ')} only apply with --host`);
    return undefined;
  }
  try {
    hostSpecFromArgs(args);
    return args;
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
    return undefined;
  }
}

type Reader = ReturnType<typeof optionReader>;

function optionReader(args: ParsedArgs, problems: string[]) {
  const text = (name: string): string | undefined => lastValue(args, name);
  return {
    text,
    all: (name: string): string[] => args.values.get(name) ?? [],
    number: (name: string): number | undefined => (text(name) === undefined ? undefined : Number(text(name)!.trim() || Number.NaN)),
    path: (name: string): string | undefined => (text(name) === undefined ? undefined : resolve(text(name)!)),
    seconds(name: string): number | undefined {
      const value = text(name);
      if (value === undefined) return undefined;
      const seconds = parseDurationS(value);
      if (seconds === undefined) problems.push(`--${name}: "${value}" is not a duration; use a form such as 30s, 2m or 500ms`);
      return seconds;
    },
  };
}

/** --rate → an open loop; --profile → a named profile; otherwise --concurrency users. */
function readLoad(reader: Reader, problems: string[]): RunPlanInput['load'] {
  const rate = reader.number('rate');
  const profile = reader.text('profile');
  const users = reader.number('concurrency');
  if (rate !== undefined && profile !== undefined) problems.push('--rate and --profile: pick one (a rate is an open loop, a profile ramps users)');
  if (rate !== undefined) {
    if (users !== undefined) problems.push('--concurrency is for a closed loop; with --rate cap the requests in flight with --max-in-flight');
    return openLoad(reader, rate, problems);
  }
  if (profile !== undefined) {
    if (!(profileNames as readonly string[]).includes(profile)) problems.push(`--profile: "${profile}" is not a profile; use ${profileNames.join(', ')}`);
    const stages = reader.text('stages') === undefined ? undefined : parseStages(reader.text('stages')!, problems);
    return { kind: 'profile', profile: profile as (typeof profileNames)[number], ...(users === undefined ? {} : { virtualUsers: users }), ...(reader.seconds('step') === undefined ? {} : { stepDurationS: reader.seconds('step') }), ...(profile === 'sustained' && reader.seconds('duration') !== undefined ? { sustainDurationS: reader.seconds('duration') } : {}), ...(stages ? { stages } : {}) };
  }
  if (users === undefined) problems.push('--concurrency, --rate or --profile is required (virtual users, arrivals per second, or a named profile)');
  const stages = reader.text('stages') === undefined ? undefined : parseStages(reader.text('stages')!, problems);
  return { kind: 'closed', virtualUsers: users ?? 1, ...(stages ? { stages } : {}) };
}

function openLoad(reader: Reader, rateRps: number, problems: string[]): RunPlanInput['load'] {
  const arrivals = reader.text('arrivals') ?? 'constant';
  const seed = reader.number('seed');
  const cap = { ...(reader.number('max-in-flight') === undefined ? {} : { maxInFlight: reader.number('max-in-flight') }), ...(reader.text('when-full') === undefined ? {} : { whenFull: reader.text('when-full') as 'wait' }) };
  const seeded = seed === undefined ? {} : { seed };
  if (arrivals === 'constant') return { kind: 'open-constant', rateRps, ...cap };
  if (arrivals === 'poisson') return { kind: 'open-poisson', rateRps, ...seeded, ...cap };
  const gamma = /^gamma:(.+)$/.exec(arrivals);
  if (gamma) return { kind: 'open-gamma', rateRps, burstiness: Number(gamma[1]), ...seeded, ...cap };
  problems.push(`--arrivals: "${arrivals}" is not an arrival process; use constant, poisson or gamma:B (B the burstiness, 1 = Poisson)`);
  return { kind: 'open-constant', rateRps, ...cap };
}

/** `--stages 30s:8,0s:16,30s:16`: each DURATION:TARGET users, k6 style. */
function parseStages(text: string, problems: string[]): Array<{ durationS: number; target: number }> {
  return text.split(',').flatMap((part) => {
    const match = /^\s*([^:]+):\s*(\d+)\s*$/.exec(part);
    const durationS = match ? parseDurationS(match[1]!) : undefined;
    if (!match || durationS === undefined) {
      problems.push(`--stages: "${part.trim()}" is not DURATION:USERS (such as 30s:8)`);
      return [];
    }
    return [{ durationS, target: Number(match[2]) }];
  });
}

function readFields(reader: Reader, args: ParsedArgs, problems: string[]): Partial<RunPlanInput> {
  const fields: Partial<RunPlanInput> = { ignoreEos: args.flags.has('ignore-eos') };
  const api = reader.text('api');
  if (api !== undefined) fields.api = api as ApiKind;
  if (args.flags.has('no-stream')) fields.stream = false;
  const copy = { durationS: reader.seconds('duration'), requestCount: reader.number('requests'), maxTokens: reader.number('max-tokens'), prompt: reader.text('prompt'), slo: reader.text('slo'), model: reader.text('model'), warmupS: reader.seconds('warmup'), cooldownS: reader.seconds('cooldown'), embeddingInputs: reader.number('embedding-inputs'), requestTimeoutS: reader.seconds('timeout') };
  for (const [key, value] of Object.entries(copy)) if (value !== undefined) (fields as Record<string, unknown>)[key] = value;
  if (reader.text('profile') === 'sustained') delete fields.durationS;
  const headers = readHeaders(reader.all('header'), problems);
  if (headers) fields.headers = headers;
  const dataset = reader.path('dataset');
  if (dataset !== undefined) {
    if (!existsSync(dataset)) problems.push(`--dataset: no file at ${dataset}`);
    fields.dataset = extname(dataset).toLowerCase() === '.json' ? { kind: 'sharegpt', path: dataset } : { kind: 'prompt-file', path: dataset };
  }
  return fields;
}

function readHeaders(values: string[], problems: string[]): Record<string, string> | undefined {
  if (values.length === 0) return undefined;
  const headers: Record<string, string> = {};
  for (const value of values) {
    const colon = value.indexOf(':');
    if (colon <= 0) problems.push(`--header: "${value}" is not NAME:VALUE`);
    else headers[value.slice(0, colon).trim()] = value.slice(colon + 1).trim();
  }
  return headers;
}

function readApiKey(reader: Reader, problems: string[], env: Record<string, string | undefined>): RunOptions['apiKey'] {
  const name = reader.text('api-key-env');
  if (name === undefined) return undefined;
  const value = env[name];
  if (value === undefined || value.length === 0) {
    problems.push(`--api-key-env: the environment variable ${name} is not set`);
    return undefined;
  }
  return { secretId: `env-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`.slice(0, 64), value };
}

/** Zod issues as `--flag: message`, skipping flags already reported. */
function planProblems(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>, already: readonly string[]): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    const key = issue.path.map(String).join('.');
    const flag = flagOfPath[key] ?? flagOfPath[issue.path.slice(0, 2).map(String).join('.')] ?? flagOfPath[String(issue.path[0])] ?? key;
    if (already.some((line) => line.startsWith(`${flag}:`)) || lines.some((line) => line.startsWith(`${flag}:`))) continue;
    lines.push(`${flag}: ${issue.message}`);
  }
  return lines;
}
