import { join } from 'node:path';
import type { RunServerPage } from '../../../src-shared/contract/server.contract';
import { ServerSample } from '../../../src-shared/schemas/server-sample';
import { readJsonl, runFiles } from '../store/run-folder';
import { ScrapeSummaryBuilder } from './scrape-summary';

/**
 * A page of a run's server.jsonl. The summary is folded from every sample in the file (samples
 * carry their notes), so it is the same whether the run ended cleanly or was cut. Lines that do
 * not parse (a torn last line) are skipped.
 */
export async function readRunServerPage(options: { runsDir: string; runId: string; offset: number; limit: number }): Promise<RunServerPage> {
  const lines = await readJsonl(join(options.runsDir, options.runId, runFiles.server));
  const samples = lines.flatMap((line) => {
    const parsed = ServerSample.safeParse(line);
    return parsed.success ? [parsed.data] : [];
  });
  let summary: RunServerPage['summary'] = null;
  if (samples.length > 0) {
    const builder = new ScrapeSummaryBuilder(samples[0]!.kind);
    samples.forEach((sample) => builder.add(sample));
    summary = builder.build();
  }
  const end = options.offset + options.limit;
  return { runId: options.runId, samples: samples.slice(options.offset, end), summary, nextOffset: end < samples.length ? end : null };
}
