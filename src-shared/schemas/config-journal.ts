import { z } from 'zod';
import { EpochMs, Id } from './ids';
import { ServerConfig } from './server-config';

/** The steps of an apply, in the order they run: around the restart, then the readiness gate. */
export const ApplyStep = z.enum(['snapshot', 'arm', 'restart', 'process', 'health', 'props', 'canary', 'confirm', 'rollback']);
export type ApplyStep = z.infer<typeof ApplyStep>;

/** One step's outcome, with what was seen in words (`/health 503 (loading) for 1.2 s, then 200`). */
export const StepRecord = z.object({
  step: ApplyStep,
  state: z.enum(['started', 'passed', 'failed']),
  detail: z.string().optional(),
  atMs: EpochMs,
});
export type StepRecord = z.infer<typeof StepRecord>;

/** A server log line the workbench recognised, with a plain explanation (explain-failure.ts). */
export const FailureExplanation = z.object({ kind: z.string(), line: z.string(), explanation: z.string() });

/**
 * One apply of a configuration, as the journal keeps it: what ran before and what was asked,
 * who asked and when, every step's evidence, the outcome, and the server's log when it failed.
 * `applying` is written before anything restarts, so `before` is also the local snapshot of the
 * last-known-good configuration; a workbench killed mid-apply leaves an entry saying so.
 */
export const JournalEntry = z.object({
  id: Id,
  workspaceId: Id,
  endpointId: Id.optional(),
  launchKind: z.string(),
  /** The user and machine that applied it (`alice@laptop`). */
  by: z.string(),
  startedAt: EpochMs,
  finishedAt: EpochMs.optional(),
  before: ServerConfig,
  after: ServerConfig,
  /** The entry re-applied ("roll back to this"), when this apply was one. */
  reappliedFrom: Id.optional(),
  result: z.enum(['applying', 'applied', 'rolled_back', 'rollback_failed', 'cancelled']),
  steps: z.array(StepRecord).default([]),
  /** Values the server runs with that differ from those asked (llama-server clamps some silently). */
  clamped: z.array(z.object({ key: z.string(), asked: z.unknown(), effective: z.unknown() })).default([]),
  failure: z.object({ step: z.string(), reason: z.string(), explanations: z.array(FailureExplanation).default([]) }).optional(),
  logExcerpt: z.array(z.string()).default([]),
});
export type JournalEntry = z.infer<typeof JournalEntry>;
