import { z } from 'zod';

/**
 * Datasets: where a run's prompts come from. Three kinds — synthetic prompts drawn from length
 * distributions, a ShareGPT-format conversation file, and a plain prompt file — all of them
 * seeded, so the same spec and the same file give the same prompts in the same order.
 */

const TokenCount = z.number().int('a whole number of tokens').min(1, 'at least 1 token').max(1_000_000);
const Seed = z.number().int('the seed must be a whole number').min(0).max(2 ** 32 - 1).default(1);

/** A length in tokens, drawn per prompt from a seeded distribution and rounded to a whole token. */
export const LengthDistribution = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('fixed'), tokens: TokenCount }),
  z
    .strictObject({ kind: z.literal('uniform'), min: TokenCount, max: TokenCount })
    .refine((d) => d.min <= d.max, { message: 'min must not exceed max', path: ['max'] }),
  z
    .strictObject({
      kind: z.literal('normal'),
      mean: TokenCount,
      stddev: z.number().nonnegative('the spread cannot be negative').max(1_000_000),
      /** Draws are clamped into [min, max] (default 1 and 4 × mean) so no prompt is empty or absurd. */
      min: TokenCount.optional(),
      max: TokenCount.optional(),
    })
    .refine((d) => d.min === undefined || d.max === undefined || d.min <= d.max, { message: 'min must not exceed max', path: ['max'] }),
]);
export type LengthDistribution = z.infer<typeof LengthDistribution>;

export const SyntheticDatasetSpec = z.strictObject({
  kind: z.literal('synthetic'),
  count: z.number().int().min(1, 'at least 1 prompt').max(1_000_000),
  input: LengthDistribution,
  output: LengthDistribution,
  /**
   * Share of each prompt's input tokens that is the same text at the start of every prompt
   * (0 = all unique, 0.9 = a 90 % common prefix). Exercises llama-server's prompt cache and
   * `--cache-reuse`; the rest of each prompt is unique so the cache cannot serve all of it.
   */
  sharedPrefixRatio: z.number().min(0, 'between 0 and 1').max(1, 'between 0 and 1').default(0),
  seed: Seed,
});
export type SyntheticDatasetSpec = z.infer<typeof SyntheticDatasetSpec>;

/** Keep only entries whose (estimated) lengths fall inside these bounds; absent bounds are open. */
export const LengthFilter = z.strictObject({
  minInputTokens: TokenCount.optional(),
  maxInputTokens: TokenCount.optional(),
  minOutputTokens: TokenCount.optional(),
  maxOutputTokens: TokenCount.optional(),
});
export type LengthFilter = z.infer<typeof LengthFilter>;

const FilePath = z.string().trim().min(1, 'give a file path').max(4096);

/** A ShareGPT-format JSON array (`conversations: [{from, value}]` or `messages: [{role, content}]`). */
export const ShareGptDatasetSpec = z.strictObject({
  kind: z.literal('sharegpt'),
  path: FilePath,
  filter: LengthFilter.default({}),
  /** How many entries to keep, drawn uniformly by seeded reservoir sampling over the whole file. */
  sampleSize: z.number().int().min(1).max(1_000_000).default(1000),
  seed: Seed,
});
export type ShareGptDatasetSpec = z.infer<typeof ShareGptDatasetSpec>;

/** Plain prompts: `.txt` (one per line, or blank-line separated blocks) or `.jsonl` (`prompt` or `messages`). */
export const PromptFileDatasetSpec = z.strictObject({
  kind: z.literal('prompt-file'),
  path: FilePath,
  /** auto: `.jsonl`/`.ndjson` by extension, otherwise text; text splits on blank lines when it has any. */
  format: z.enum(['auto', 'txt-lines', 'txt-blocks', 'jsonl']).default('auto'),
  filter: LengthFilter.default({}),
  sampleSize: z.number().int().min(1).max(1_000_000).optional(),
  seed: Seed,
});
export type PromptFileDatasetSpec = z.infer<typeof PromptFileDatasetSpec>;

export const DatasetSpec = z.discriminatedUnion('kind', [SyntheticDatasetSpec, ShareGptDatasetSpec, PromptFileDatasetSpec]);
export type DatasetSpec = z.infer<typeof DatasetSpec>;
export type DatasetSpecInput = z.input<typeof DatasetSpec>;

export const ChatMessage = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

/**
 * Where a token count came from, most trusted first: the server's `usage`, llama.cpp's
 * `timings`, the server's own `/tokenize`, or our character-based estimate.
 */
export const TokenCountSource = z.enum(['usage', 'timings', 'tokenize', 'estimate']);
export type TokenCountSource = z.infer<typeof TokenCountSource>;

/** One prompt as a run sends it. */
export const DatasetPrompt = z.object({
  /** Position in the dataset (0-based), stable for a given spec and file. */
  index: z.number().int().nonnegative(),
  /** The chat messages; completion endpoints send them joined (see promptText). */
  messages: z.array(ChatMessage).min(1),
  /** Input length the dataset expects, and how that was known. */
  expectedInputTokens: z.number().int().nonnegative(),
  expectedInputSource: TokenCountSource,
  /** Output length to ask for (`max_tokens`); null lets the run's own setting decide. */
  maxTokens: z.number().int().min(1).nullable(),
});
export type DatasetPrompt = z.infer<typeof DatasetPrompt>;

/** Where a malformed entry sits, so a user can open the file at it. */
export const DatasetProblem = z.object({
  /** "byte 1234" for JSON files, "line 17" for line-based ones. */
  at: z.string(),
  reason: z.string(),
});
export type DatasetProblem = z.infer<typeof DatasetProblem>;

/** What reading a dataset found: every entry is either kept, filtered out, or malformed. */
export const DatasetReport = z.object({
  kind: z.enum(['synthetic', 'sharegpt', 'prompt-file']),
  /** Entries seen (for synthetic: prompts generated). */
  entries: z.number().int().nonnegative(),
  /** Entries that passed the filter (before sampling). */
  eligible: z.number().int().nonnegative(),
  /** Entries dropped by the length filter. */
  filtered: z.number().int().nonnegative(),
  /** Entries that could not be read and were skipped. */
  malformed: z.number().int().nonnegative(),
  /** The first few malformed entries, with where they are. */
  problems: z.array(DatasetProblem).max(20),
  /** Prompts kept after sampling. */
  prompts: z.number().int().nonnegative(),
  bytesRead: z.number().int().nonnegative(),
  inputTokens: z.object({ min: z.number(), mean: z.number(), max: z.number() }).nullable(),
  maxTokens: z.object({ min: z.number(), mean: z.number(), max: z.number() }).nullable(),
  durationMs: z.number().nonnegative(),
});
export type DatasetReport = z.infer<typeof DatasetReport>;

/** A token count with its source and any source that disagreed with it. */
export const TokenCountResult = z.object({
  tokens: z.number().int().nonnegative(),
  source: TokenCountSource,
  /** Other sources that were available, each with its relative difference from `tokens`. */
  checks: z.array(z.object({ source: z.union([TokenCountSource, z.literal('expected')]), tokens: z.number().nonnegative(), deltaPct: z.number() })),
  /** True when any check differs from `tokens` by more than the tolerance (5 % by default). */
  disagrees: z.boolean(),
});
export type TokenCountResult = z.infer<typeof TokenCountResult>;
