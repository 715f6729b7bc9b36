import { AppError } from '../../../src-shared/errors';
import type { DatasetSpec } from '../../../src-shared/schemas/dataset';
import type { RunPlan } from '../../../src-shared/schemas/run-plan';
import { loadDataset } from '../datasets/load-dataset';
import type { PromptInput } from '../loadgen/client/request-target';
import { preflightEndpoint, type PreflightResult } from './preflight';
import { readServerConfig } from './read-server-config';
import type { RecordedServerConfig } from '../../../src-shared/schemas/server-config';

/** What the run service needs of the secrets store (core/store/secrets.ts's Secrets satisfies it). */
export interface SecretsReader {
  get(secretId: string): Promise<string | undefined>;
}

/** Reads a plan's dataset into prompts (core/datasets' loadDataset by default). */
export type DatasetLoader = (spec: DatasetSpec) => Promise<{ prompts: readonly PromptInput[] }>;

export interface RunInputDeps {
  secrets?: SecretsReader;
  loadDataset?: DatasetLoader;
  preflight?: (plan: RunPlan, options: { apiKey?: string | undefined }) => Promise<PreflightResult>;
  /** Reads the configuration the server runs with (GET /props by default); never throws. */
  readServerConfig?: (url: string, options: { apiKey?: string | undefined }) => Promise<RecordedServerConfig>;
}

/** A plan made ready to run: its model resolved, its API key read, its prompts loaded. */
export interface PreparedRun {
  plan: RunPlan;
  apiKey?: string;
  prompts?: readonly PromptInput[];
  /** The configuration the run runs against, as the server stated it just before. */
  serverConfig: RecordedServerConfig;
}

/**
 * Everything a run needs before anything is written: the API key from the secrets store
 * (never copied into the plan), the endpoint check, the server's configuration, and the
 * dataset's prompts. Each step
 * throws an AppError a user can act on.
 */
export async function prepareRun(plan: RunPlan, deps: RunInputDeps): Promise<PreparedRun> {
  const apiKey = await readApiKey(plan, deps.secrets);
  const resolved = await (deps.preflight ?? preflightEndpoint)(plan, { apiKey });
  const runPlan: RunPlan = resolved.model !== undefined && plan.model === undefined ? { ...plan, model: resolved.model } : plan;
  // After the endpoint check, so a server that is not there fails the run with the check's clear error.
  const serverConfig = await (deps.readServerConfig ?? readServerConfig)(plan.url, { apiKey });
  const prepared: PreparedRun = { plan: runPlan, serverConfig };
  if (apiKey !== undefined) prepared.apiKey = apiKey;
  if (plan.dataset) {
    const { prompts } = await (deps.loadDataset ?? loadDataset)(plan.dataset);
    if (prompts.length === 0) throw new AppError('invalid_input', 'The dataset gave no prompts (every entry was filtered out or malformed).', { hint: 'Loosen the length filter or check the file.' });
    prepared.prompts = prompts;
  }
  return prepared;
}

async function readApiKey(plan: RunPlan, secrets: SecretsReader | undefined): Promise<string | undefined> {
  if (plan.apiKeySecretId === undefined) return undefined;
  const key = secrets ? await secrets.get(plan.apiKeySecretId) : undefined;
  if (key === undefined || key.length === 0) {
    throw new AppError('auth_failed', `The plan's API key (secret ${plan.apiKeySecretId}) is not in the secrets store.`, { hint: 'Set the endpoint\'s API key again; keys kept only in memory are lost when the app restarts.' });
  }
  if (/[\r\n\0]/.test(key)) throw new AppError('invalid_input', 'The stored API key contains a line break; it cannot be sent as a header.');
  return key;
}
