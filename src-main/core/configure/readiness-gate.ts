import { isDeepStrictEqual } from 'node:util';
import { AppError } from '../../../src-shared/errors';
import type { ServerConfig } from '../../../src-shared/schemas/server-config';

type ConfigFlagValue = ServerConfig['flags'][string];
import { configFromProps } from '../servers/props-config';
import type { Launcher } from './launcher';

/** The gate's steps, in order: alive, answering, configured as asked, able to generate. */
export type ReadinessStep = 'process' | 'health' | 'props' | 'canary';

/** A step of an apply (the gate's, and the ones around it), as progress callbacks see it. */
export interface StepEvent {
  step: ReadinessStep | 'snapshot' | 'arm' | 'restart' | 'confirm' | 'rollback';
  state: 'started' | 'passed' | 'failed';
  /** What was seen, in words (`/health 503 (loading) for 1.2 s, then 200`). */
  detail?: string;
  atMs: number;
}

/** A value the server runs with that differs from the one asked for (llama-server clamps some silently). */
export interface ClampedValue {
  key: string;
  asked: ConfigFlagValue;
  effective: ConfigFlagValue;
}

export interface ReadinessResult {
  isReady: boolean;
  /** Every step that ran, with its outcome. */
  steps: StepEvent[];
  clamped: ClampedValue[];
  /** The step that failed and why, when not ready. */
  failure?: { step: ReadinessStep; reason: string };
}

export interface ReadinessOptions {
  launcher: Pick<Launcher, 'isRunning'>;
  /** The server's base URL (`http://127.0.0.1:8080`), reached from the workbench. */
  endpointUrl: string;
  /** The configuration asked for, compared with what /props reports. */
  asked: ServerConfig;
  /** How long /health may stay 503 or unreachable: see readinessTimeoutMs. */
  healthTimeoutMs: number;
  apiKey?: string;
  signal?: AbortSignal;
  onStep?(event: StepEvent): void;
  /** Between /health polls; default 250 ms. */
  pollMs?: number;
}

const baseHealthTimeoutMs = 30_000;
/** A slow disk's read rate: loading the weights is what a large model's start waits on. */
const slowLoadBytesPerMs = 100 * 1024 * 1024 / 1000;

/** The /health timeout for a model of `modelBytes` (30 s, plus the weights read at 100 MiB/s). */
export function readinessTimeoutMs(modelBytes?: number): number {
  return baseHealthTimeoutMs + Math.ceil((modelBytes ?? 0) / slowLoadBytesPerMs);
}

/**
 * The readiness gate after a restart, step by step with a progress event for each: the process is
 * alive (the launcher says so); `/health` goes from 503 (loading) or no answer to 200 within
 * `healthTimeoutMs`, failing early if the process exits; `/props` states the values asked for
 * (differences are reported as clamped, not failed); a one-token completion succeeds. Never throws
 * for a server that fails: the result says which step and why. Throws `cancelled` on abort.
 */
export async function runReadinessGate(options: ReadinessOptions): Promise<ReadinessResult> {
  const steps: StepEvent[] = [];
  const clamped: ClampedValue[] = [];
  const emit = (event: Omit<StepEvent, 'atMs'>): void => {
    const full = { ...event, atMs: Date.now() };
    if (event.state !== 'started') steps.push(full);
    options.onStep?.(full);
  };
  const checks: Array<[ReadinessStep, () => Promise<string>]> = [
    ['process', async () => ((await options.launcher.isRunning()) ? 'the server process is running' : fail('the server process is not running (it exited at start)'))],
    ['health', () => waitForHealth(options)],
    ['props', async () => describeProps(await readProps(options), options.asked, clamped)],
    ['canary', () => runCanary(options)],
  ];
  for (const [step, check] of checks) {
    throwIfAborted(options.signal);
    emit({ step, state: 'started' });
    try {
      emit({ step, state: 'passed', detail: await check() });
    } catch (error) {
      if (error instanceof AppError && error.code === 'cancelled') throw error;
      const reason = error instanceof Error ? error.message : String(error);
      emit({ step, state: 'failed', detail: reason });
      return { isReady: false, steps, clamped, failure: { step, reason } };
    }
  }
  return { isReady: true, steps, clamped };
}

class GateFailure extends Error {}
function fail(reason: string): never {
  throw new GateFailure(reason);
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new AppError('cancelled', 'the apply was cancelled');
}

function headers(options: ReadinessOptions): Record<string, string> {
  return options.apiKey === undefined ? {} : { authorization: `Bearer ${options.apiKey}` };
}

async function waitForHealth(options: ReadinessOptions): Promise<string> {
  const startedAt = Date.now();
  const deadline = startedAt + options.healthTimeoutMs;
  let sawLoading = false;
  let last = 'no answer';
  while (Date.now() < deadline) {
    throwIfAborted(options.signal);
    const status = await fetch(`${options.endpointUrl}/health`, { headers: headers(options), signal: AbortSignal.timeout(5_000) }).then(
      (response) => response.status,
      () => null,
    );
    if (status === 200) return `/health answered 200 after ${seconds(Date.now() - startedAt)}${sawLoading ? ' (503 while loading before that)' : ''}`;
    if (status === 503) sawLoading = true;
    last = status === null ? 'no answer' : `HTTP ${status}`;
    if (!(await options.launcher.isRunning())) fail(`the server process exited while starting (last /health: ${last})`);
    await pause(options.pollMs ?? 250, options.signal);
  }
  return fail(`/health did not answer 200 within ${seconds(options.healthTimeoutMs)} (last: ${last})`);
}

async function readProps(options: ReadinessOptions): Promise<unknown> {
  const response = await fetch(`${options.endpointUrl}/props`, { headers: headers(options), signal: AbortSignal.timeout(10_000) });
  if (response.status !== 200) fail(`/props answered HTTP ${response.status}`);
  return response.json();
}

function describeProps(body: unknown, asked: ServerConfig, clamped: ClampedValue[]): string {
  const effective = configFromProps(body, Date.now());
  if (effective.source !== 'props' || effective.config === undefined) fail(effective.note ?? '/props is not llama-server\'s');
  const shown: string[] = [];
  for (const [key, value] of Object.entries(asked.flags)) {
    const actual = effective.config.flags[key];
    if (actual === undefined) continue;
    if (isDeepStrictEqual(actual, value)) shown.push(`${key} ${String(value)}`);
    else clamped.push({ key, asked: value, effective: actual });
  }
  const clampText = clamped.map((value) => `${value.key} asked ${String(value.asked)}, runs with ${String(value.effective)}`).join('; ');
  return `/props shows ${shown.length > 0 ? shown.join(', ') : 'no flag it reports was asked'}${clampText === '' ? '' : `; clamped by the server: ${clampText}`}`;
}

async function runCanary(options: ReadinessOptions): Promise<string> {
  const startedAt = Date.now();
  const response = await fetch(`${options.endpointUrl}/completion`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers(options) },
    body: JSON.stringify({ prompt: 'Hello', n_predict: 1, cache_prompt: false }),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  if (response.status !== 200) fail(`a one-token completion answered HTTP ${response.status}: ${text.slice(0, 200)}`);
  return `a one-token completion answered in ${seconds(Date.now() - startedAt)}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
