import { z } from 'zod';
import { Id } from '../schemas/ids';
import { ServerSample, ServerScrapeSummary } from '../schemas/server-sample';
import { defineOperation } from './define';

/** The most samples one `runs.server` page carries (an hour at one scrape a second). */
export const maxServerSamplesPage = 3600;

/** A page of a run's server.jsonl, with the summary folded from the whole file. */
export const RunServerPage = z.object({
  runId: Id,
  samples: z.array(ServerSample),
  /** Null when the run recorded no server samples. */
  summary: ServerScrapeSummary.nullable(),
  /** Index of the next sample to ask for; null at the end of what is recorded. */
  nextOffset: z.number().int().nonnegative().nullable(),
});
export type RunServerPage = z.infer<typeof RunServerPage>;

export const serverOperations = {
  'runs.server': defineOperation({
    summary: 'A page of the server’s own view during a run (scraped /metrics and /slots, server.jsonl), from a sample offset.',
    input: z.object({ runId: Id, offset: z.number().int().nonnegative().default(0), limit: z.number().int().min(1).max(maxServerSamplesPage).default(maxServerSamplesPage) }),
    output: RunServerPage,
  }),
} as const;

export const serverEvents = {
  /** One scrape of the run's server (about once a second while the run is live). */
  'run.serverSample': z.object({ runId: Id, sample: ServerSample }),
} as const;
