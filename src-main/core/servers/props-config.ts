import { isListItem, flagValueProblem, type FieldOrigin, type RecordedServerConfig, type ServerConfig } from '../../../src-shared/schemas/server-config';

type Json = Record<string, unknown>;

/** llama-server's GET /props fields that state a flag: the effective value, whatever was typed. */
const propsFlags: ReadonlyArray<[field: string, key: string]> = [
  ['total_slots', 'parallel'],
  ['endpoint_slots', 'slots'],
  ['endpoint_metrics', 'metrics'],
  ['endpoint_props', 'props'],
  ['ui', 'ui'],
];

/** The demo server's `demo_settings` (src-main/demo), which states the settings it simulates. */
const demoFlags: ReadonlyArray<[field: string, key: string]> = [
  ['kv_unified', 'kvUnified'],
  ['n_ctx_total', 'ctxSize'],
  ['threads', 'threads'],
  ['threads_batch', 'threadsBatch'],
  ['batch_size', 'batchSize'],
  ['ubatch_size', 'ubatchSize'],
  ['flash_attn', 'flashAttn'],
  ['cont_batching', 'contBatching'],
  ['cache_prompt', 'cachePrompt'],
  ['n_predict', 'predict'],
];

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads the configuration a server states in its GET /props body (llama.cpp v0.5.0's keys, and
 * the demo's `demo_settings`): the model, the slot count, which endpoints are on; per-slot context
 * and build as reported facts. Values that are not valid for their flag are left out, not
 * guessed. A body that is not llama-server's /props gives source `unknown`, saying so. Pure.
 */
export function configFromProps(body: unknown, readAt: number): RecordedServerConfig {
  if (!isObject(body) || !('default_generation_settings' in body || 'total_slots' in body)) {
    return { source: 'unknown', readAt, origins: {}, note: "GET /props did not answer llama-server's /props object, so the server's configuration is unknown." };
  }
  const config: ServerConfig = { flags: {} };
  const origins: Record<string, FieldOrigin> = {};
  const take = (key: string, value: unknown, field: string): void => {
    if (value === undefined || flagValueProblem(key, value) !== null || key in config.flags) return;
    config.flags[key] = value as ServerConfig['flags'][string];
    origins[key] = { from: 'props', field };
  };
  const modelPath = body.model_path;
  if (typeof modelPath === 'string' && modelPath.length > 0 && !modelPath.includes('\0')) {
    config.model = modelPath;
    origins.model = { from: 'props', field: 'model_path' };
  }
  for (const [field, key] of propsFlags) take(key, body[field], field);
  take('alias', aliasOf(body.model_alias, modelPath), 'model_alias');
  const demoSettings = body.demo === true && isObject(body.demo_settings) ? body.demo_settings : undefined;
  for (const [field, key] of demoSettings === undefined ? [] : demoFlags) take(key, demoSettings?.[field], `demo_settings.${field}`);
  if (body.demo === true) config.launch = { kind: 'demo' };
  return { source: 'props', readAt, config, origins, reported: reportedOf(body) };
}

/** The alias only when one was given: without -a, llama-server reports the model path. */
function aliasOf(alias: unknown, modelPath: unknown): string[] | undefined {
  if (typeof alias !== 'string' || alias === modelPath) return undefined;
  const items = alias.split(',').map((item) => item.trim());
  return items.every(isListItem) ? items : undefined;
}

function reportedOf(body: Json): NonNullable<RecordedServerConfig['reported']> {
  const settings = isObject(body.default_generation_settings) ? body.default_generation_settings : {};
  const nCtx = settings.n_ctx;
  const reported: NonNullable<RecordedServerConfig['reported']> = { isDemo: body.demo === true };
  if (typeof body.build_info === 'string') reported.buildInfo = body.build_info;
  if (typeof nCtx === 'number' && Number.isSafeInteger(nCtx) && nCtx >= 0) reported.nCtxPerSlot = nCtx;
  if (typeof body.total_slots === 'number' && Number.isSafeInteger(body.total_slots) && body.total_slots >= 0) reported.totalSlots = body.total_slots;
  return reported;
}
