import { toAppError } from '../../../src-shared/errors';
import type { RunRecord, RunSummary } from '../../../src-shared/schemas/run-result';
import type { RunFolder } from '../store/run-folder';

/** What an attachment adds to a run's summary. */
export type SummaryPart = Partial<Pick<RunSummary, 'telemetry' | 'server' | 'serverTokens'>>;

/** The run an attachment is asked to join: its index record as inserted, its folder, its API key. */
export interface AttachmentRun {
  runId: string;
  record: RunRecord;
  folder: RunFolder;
  /** The endpoint's API key, read from the secrets store for this run (never written anywhere). */
  apiKey?: string;
}

/**
 * Something recorded beside a run's load (host telemetry, the server's scrape, its token
 * counter). The run service prepares every attachment before the load generator starts, tells
 * them the load's t = 0 as it starts, and finishes them after its last request, before the
 * summary is written: so what they record covers the whole run, and is on disk and in the
 * summary by the time run.finished is emitted.
 */
export interface RunAttachment {
  /** Said in the note when preparing fails ("host telemetry"). */
  readonly name: string;
  /** Connects what must be connected and starts recording; null when this run has nothing for it. */
  prepare(run: AttachmentRun): Promise<PreparedAttachment | null>;
}

export interface PreparedAttachment {
  /** The load's t = 0 on the house clock; called synchronously before the first request is sent. */
  begin(originMs: number): void;
  /** Stops recording once the load is over; resolves when everything is on disk, with its part of the summary. */
  finish(): Promise<SummaryPart>;
}

/** A run's prepared attachments, driven together. */
export interface AttachedSet {
  begin(originMs: number): void;
  /** Finishes every attachment (once: later calls get the same result); one that fails adds a note instead of its part. */
  finish(): Promise<{ part: SummaryPart; notes: string[] }>;
}

/**
 * Prepares every attachment for a run at once. One that fails to prepare (a host that will not
 * connect) costs the run only that attachment: the reason is kept as a note for the summary.
 */
export async function prepareAttachments(attachments: readonly RunAttachment[], run: AttachmentRun): Promise<AttachedSet> {
  const notes: string[] = [];
  const prepared = await Promise.all(
    attachments.map((attachment) =>
      attachment.prepare(run).catch((error: unknown) => {
        notes.push(`No ${attachment.name} was recorded: ${toAppError(error).message}`);
        return null;
      }),
    ),
  );
  const live = prepared.filter((item): item is PreparedAttachment => item !== null);
  let finished: ReturnType<AttachedSet['finish']> | undefined;
  const finishAll = async (): ReturnType<AttachedSet['finish']> => {
    const parts = await Promise.all(
      live.map((item) =>
        item.finish().catch((error: unknown): SummaryPart => {
          notes.push(`Part of what was recorded beside the run could not be saved: ${toAppError(error).message}`);
          return {};
        }),
      ),
    );
    return { part: Object.assign({}, ...parts) as SummaryPart, notes };
  };
  return {
    begin: (originMs) => live.forEach((item) => item.begin(originMs)),
    finish: () => (finished ??= finishAll()),
  };
}

/** A run with nothing attached (the load generator alone). */
export const nothingAttached: AttachedSet = { begin: () => undefined, finish: async () => ({ part: {}, notes: [] }) };
