import type { ClientSelfTest, DiagnosisGoal, DiagnosisPreflight, EndpointCheck } from '../../../src-shared/schemas/diagnosis';
import { fetchEndpoint } from '../servers/scrape-fetch';

/** What the preflight reads beside the server's own endpoints; each may be absent (no host, no launch method). */
export interface PreflightSources {
  url: string;
  apiKey?: string | undefined;
  goal: DiagnosisGoal;
  /** The server's flags as one line (`-np 4 -c 8192 -t 4`), or why they could not be read. */
  flagsLine(): Promise<string>;
  /** The workspace host's label and whether its inventory could be taken; null without a host. */
  host(): Promise<{ label: string; hasInventory: boolean; notes: string[] } | null>;
  selfTest(users: number, maxTokens: number): Promise<ClientSelfTest>;
}

const fetchTimeoutMs = 5_000;

/** What each endpoint gives the diagnosis, and the flag that turns it on (llama-server v0.5.0, llama-server-protocol.md). */
const endpointNeeds = {
  '/metrics': {
    flagToAdd: '--metrics',
    missing: 'the queue (requests_deferred), busy slots per decode and the server token counters: slots too few (C7), no batching (C9) and occupancy cannot be judged',
  },
  '/slots': { flagToAdd: '--slots', missing: 'each slot’s context fill and decode progress: slots too many (C8) and context pressure are judged from errors alone' },
  '/props': { flagToAdd: undefined, missing: 'the slot count and per-slot context: the capacity search starts from 1 user instead of the slot count' },
} as const;

type Props = { total_slots?: unknown; build_info?: unknown; model_path?: unknown; default_generation_settings?: { n_ctx?: unknown } };

const count = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

async function checkEndpoint(url: string, path: keyof typeof endpointNeeds, apiKey: string | undefined): Promise<{ check: EndpointCheck; body: string | null }> {
  const answer = await fetchEndpoint({ url, path, timeoutMs: fetchTimeoutMs, apiKey });
  const needs = endpointNeeds[path];
  if (answer.kind === 'ok') return { check: { path, isOn: true }, body: answer.text };
  const note = answer.kind === 'off' ? answer.note : answer.reason;
  return { check: { path, isOn: false, note, missing: needs.missing, ...(needs.flagToAdd === undefined ? {} : { flagToAdd: needs.flagToAdd }) }, body: null };
}

function readProps(body: string | null): Props {
  try {
    return body === null ? {} : (JSON.parse(body) as Props);
  } catch {
    return {};
  }
}

/**
 * Step 2 of a diagnosis (issue #13): the server's build, model, slots and flags, whether
 * /metrics and /slots answer (if not: the exact flag to add and what the diagnosis will miss),
 * the host, and how fast this machine's load generator can go. Reads only; changes nothing.
 */
export async function runPreflight(sources: PreflightSources): Promise<Omit<DiagnosisPreflight, 'estimateS'>> {
  const [props, metrics, slots] = await Promise.all([
    checkEndpoint(sources.url, '/props', sources.apiKey),
    checkEndpoint(sources.url, '/metrics', sources.apiKey),
    checkEndpoint(sources.url, '/slots', sources.apiKey),
  ]);
  const body = readProps(props.body);
  const [flagsLine, host, selfTest] = await Promise.all([sources.flagsLine(), sources.host(), sources.selfTest(sources.goal.maxUsers, sources.goal.workload.maxTokens)]);
  const totalSlots = count(body.total_slots);
  const contextPerSlot = count(body.default_generation_settings?.n_ctx);
  const notes = [...(host?.notes ?? [])];
  if (host === null) notes.push('No host is set for this endpoint: the diagnosis sees the server from outside only (no per-core, GPU or process figures).');
  for (const check of [metrics.check, slots.check, props.check]) {
    if (!check.isOn) notes.push(`${check.path} is off${check.flagToAdd === undefined ? '' : `: add ${check.flagToAdd} to the server's flags`}. Without it the diagnosis misses ${check.missing}.`);
  }
  notes.push(`This machine's load generator reached ${selfTest.requestsPerS.toFixed(0)} req/s (${selfTest.outputTokensPerS.toFixed(0)} tok/s) with ${selfTest.users} users against an instant server; a probe near that is limited by the generator, not the server.`);
  const build = text(body.build_info);
  const model = text(body.model_path);
  return {
    ...(build === undefined ? {} : { build }),
    ...(model === undefined ? {} : { model }),
    totalSlots,
    contextPerSlot,
    flagsLine,
    endpoints: [props.check, metrics.check, slots.check],
    hostLabel: host?.label ?? null,
    hasInventory: host?.hasInventory ?? false,
    selfTest,
    notes,
  };
}
