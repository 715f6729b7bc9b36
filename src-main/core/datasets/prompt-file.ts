import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import type { ChatMessage, DatasetPrompt, DatasetReport, PromptFileDatasetSpec } from '../../../src-shared/schemas/dataset';
import { DatasetCollector, type DatasetCandidate } from './dataset-collector';
import { malformedDataset, readFailure } from './dataset-errors';
import { estimateTokens } from './estimate-tokens';
import { readLines, type FileLine } from './line-reader';
import type { ImportOptions } from './sharegpt';

export type PromptFileFormat = 'txt-lines' | 'txt-blocks' | 'jsonl';

/** What one jsonl line holds: a prompt, or why it cannot be one. */
export type PromptLine = { candidate: DatasetCandidate } | { malformed: string };

const roles = new Set<ChatMessage['role']>(['system', 'user', 'assistant']);

/**
 * Reads one JSON Lines entry: `{"prompt": "…"}` or `{"messages": [{"role", "content"}]}`, with
 * an optional output length in `max_tokens` (or `output_tokens`). Pure, for tests.
 */
export function readPromptLine(text: string): PromptLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { malformed: 'not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { malformed: 'not a JSON object' };
  const record = value as Record<string, unknown>;
  const messages = typeof record.prompt === 'string' ? [{ role: 'user' as const, content: record.prompt }] : readMessages(record.messages);
  if (typeof messages === 'string') return { malformed: messages };
  if (messages.every((message) => message.content.trim() === '')) return { malformed: 'the prompt is empty' };
  const output = record.max_tokens ?? record.output_tokens;
  if (output !== undefined && !(Number.isInteger(output) && (output as number) >= 1)) return { malformed: '"max_tokens" must be a whole number ≥ 1' };
  const inputTokens = messages.reduce((sum, message) => sum + estimateTokens(message.content), 0);
  return { candidate: { messages, inputTokens, inputSource: 'estimate', outputTokens: (output as number | undefined) ?? null } };
}

function readMessages(value: unknown): ChatMessage[] | string {
  if (value === undefined) return 'neither "prompt" nor "messages"';
  if (!Array.isArray(value) || value.length === 0) return '"messages" must be a non-empty array';
  const messages: ChatMessage[] = [];
  for (const [index, item] of value.entries()) {
    const message = item as Record<string, unknown> | null;
    const role = message?.role;
    if (typeof role !== 'string' || !roles.has(role as ChatMessage['role'])) return `messages[${index}]: "role" must be system, user or assistant`;
    if (typeof message?.content !== 'string') return `messages[${index}]: "content" must be text`;
    messages.push({ role: role as ChatMessage['role'], content: message.content });
  }
  return messages;
}

/**
 * Picks the format of a prompt file: `.jsonl`/`.ndjson` (or a first line that is a JSON object)
 * is JSON Lines; text with a blank line between prompts is blank-line separated; other text
 * is one prompt per line. Only the first 64 KB are looked at.
 */
export async function detectPromptFileFormat(path: string): Promise<PromptFileFormat> {
  const extension = extname(path).toLowerCase();
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
    const firstLine = head.split('\n').find((line) => line.trim() !== '') ?? '';
    if (firstLine.trim().startsWith('{') && 'candidate' in readPromptLine(firstLine)) return 'jsonl';
    return /\S[^\S\n]*\r?\n[^\S\n]*\r?\n\s*\S/.test(head) ? 'txt-blocks' : 'txt-lines';
  } finally {
    await handle.close();
  }
}

/**
 * Imports a plain prompt file line by line (never whole): txt with one prompt per line or
 * blank-line separated blocks, or JSON Lines. Bad jsonl lines are skipped and counted with
 * their line numbers; a file with no readable prompt at all is an error naming its first bad line.
 */
export async function importPromptFile(spec: PromptFileDatasetSpec, options: ImportOptions = {}): Promise<{ prompts: DatasetPrompt[]; report: DatasetReport; format: PromptFileFormat }> {
  const startedMs = performance.now();
  const collector = new DatasetCollector({ kind: 'prompt-file', filter: spec.filter, sampleSize: spec.sampleSize, seed: spec.seed });
  let format: PromptFileFormat;
  let bytesRead = 0;
  try {
    format = spec.format === 'auto' ? await detectPromptFileFormat(spec.path) : spec.format;
    const lines = readLines(spec.path, options.signal === undefined ? {} : { signal: options.signal });
    const onLine = format === 'jsonl' ? jsonlLine(collector) : format === 'txt-lines' ? textLine(collector) : blockLines(collector);
    for await (const line of lines) {
      onLine(line);
      bytesRead = line.offset + Buffer.byteLength(line.text) + 1;
    }
    onLine(null);
  } catch (error) {
    throw readFailure(spec.path, error, options.signal);
  }
  checkSomethingRead(spec.path, collector);
  return { ...collector.finish({ bytesRead, durationMs: performance.now() - startedMs }), format };
}

function checkSomethingRead(path: string, collector: DatasetCollector): void {
  if (collector.entryCount === 0) throw malformedDataset({ path, at: 'byte 0', why: 'the file has no prompts' });
  if (collector.malformedEntries === collector.entryCount) {
    const first = collector.firstProblem;
    throw malformedDataset({ path, at: first?.at ?? 'line 1', why: `no line is a prompt (${first?.reason ?? 'malformed'})`, hint: 'Each line needs {"prompt": "…"} or {"messages": [{"role": "user", "content": "…"}]}.' });
  }
}

type LineSink = (line: FileLine | null) => void;

function jsonlLine(collector: DatasetCollector): LineSink {
  return (line) => {
    if (line === null || line.text.trim() === '') return;
    const entry = readPromptLine(line.text);
    if ('candidate' in entry) collector.offer(entry.candidate);
    else collector.malformed({ at: `line ${line.lineNo}`, reason: entry.malformed });
  };
}

function textLine(collector: DatasetCollector): LineSink {
  return (line) => {
    if (line === null || line.text.trim() === '') return;
    collector.offer(textCandidate(line.text.trim()));
  };
}

/** Blank-line separated blocks: the lines of a block keep their line breaks. */
function blockLines(collector: DatasetCollector): LineSink {
  let block: string[] = [];
  return (line) => {
    if (line !== null && line.text.trim() !== '') {
      block.push(line.text);
      return;
    }
    if (block.length > 0) collector.offer(textCandidate(block.join('\n').trim()));
    block = [];
  };
}

function textCandidate(content: string): DatasetCandidate {
  return { messages: [{ role: 'user', content }], inputTokens: estimateTokens(content), inputSource: 'estimate', outputTokens: null };
}
