import type { ChatMessage, DatasetProblem, DatasetPrompt, DatasetReport, LengthFilter, TokenCountSource } from '../../../src-shared/schemas/dataset';
import { Reservoir } from './reservoir';
import { createRandom } from './seeded-random';

/** One readable entry, before the length filter and sampling. */
export interface DatasetCandidate {
  messages: ChatMessage[];
  inputTokens: number;
  inputSource: TokenCountSource;
  /** Output length the entry implies (a ShareGPT reply's length); null when it says none. */
  outputTokens: number | null;
}

/** The most prompts a dataset can hold in memory, whatever the sample size asked. */
export const maxDatasetPrompts = 1_000_000;
const maxProblems = 20;

/**
 * Filters, samples and tallies the entries of a file-backed dataset as they stream past, so
 * the report accounts for every entry: kept, filtered out, or malformed (with where it was).
 */
export class DatasetCollector {
  private readonly reservoir: Reservoir<DatasetCandidate>;
  private entries = 0;
  private filtered = 0;
  private malformedCount = 0;
  private readonly problems: DatasetProblem[] = [];

  constructor(private readonly options: { kind: DatasetReport['kind']; filter: LengthFilter; sampleSize: number | undefined; seed: number }) {
    this.reservoir = new Reservoir(Math.min(options.sampleSize ?? maxDatasetPrompts, maxDatasetPrompts), createRandom(options.seed));
  }

  offer(candidate: DatasetCandidate): void {
    this.entries += 1;
    if (passesFilter(candidate, this.options.filter)) this.reservoir.offer(candidate);
    else this.filtered += 1;
  }

  /** An entry that is well-formed but unusable (a conversation without a reply). */
  unusable(): void {
    this.entries += 1;
    this.filtered += 1;
  }

  malformed(problem: DatasetProblem): void {
    this.entries += 1;
    this.malformedCount += 1;
    if (this.problems.length < maxProblems) this.problems.push(problem);
  }

  get malformedEntries(): number {
    return this.malformedCount;
  }

  get firstProblem(): DatasetProblem | undefined {
    return this.problems[0];
  }

  get entryCount(): number {
    return this.entries;
  }

  get eligibleEntries(): number {
    return this.reservoir.offered;
  }

  finish(context: { bytesRead: number; durationMs: number }): { prompts: DatasetPrompt[]; report: DatasetReport } {
    const prompts = this.reservoir.take().map(
      (candidate, index): DatasetPrompt => ({
        index,
        messages: candidate.messages,
        expectedInputTokens: candidate.inputTokens,
        expectedInputSource: candidate.inputSource,
        maxTokens: candidate.outputTokens === null ? null : Math.max(1, candidate.outputTokens),
      }),
    );
    const report: DatasetReport = {
      kind: this.options.kind,
      entries: this.entries,
      eligible: this.reservoir.offered,
      filtered: this.filtered,
      malformed: this.malformedCount,
      problems: this.problems,
      prompts: prompts.length,
      bytesRead: context.bytesRead,
      ...promptStats(prompts),
      durationMs: context.durationMs,
    };
    return { prompts, report };
  }
}

function passesFilter(candidate: DatasetCandidate, filter: LengthFilter): boolean {
  const input = candidate.inputTokens;
  if (filter.minInputTokens !== undefined && input < filter.minInputTokens) return false;
  if (filter.maxInputTokens !== undefined && input > filter.maxInputTokens) return false;
  const output = candidate.outputTokens;
  if (output === null) return filter.minOutputTokens === undefined && filter.maxOutputTokens === undefined;
  if (filter.minOutputTokens !== undefined && output < filter.minOutputTokens) return false;
  return filter.maxOutputTokens === undefined || output <= filter.maxOutputTokens;
}

/** Min, mean and max of the kept prompts' input and output lengths (null when none). */
export function promptStats(prompts: readonly DatasetPrompt[]): Pick<DatasetReport, 'inputTokens' | 'maxTokens'> {
  const outputs = prompts.flatMap((prompt) => (prompt.maxTokens === null ? [] : [prompt.maxTokens]));
  return { inputTokens: stats(prompts.map((prompt) => prompt.expectedInputTokens)), maxTokens: stats(outputs) };
}

function stats(values: readonly number[]): { min: number; mean: number; max: number } | null {
  if (values.length === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const value of values) {
    min = Math.min(min, value);
    max = Math.max(max, value);
    sum += value;
  }
  return { min, mean: sum / values.length, max };
}
