import { createReadStream } from 'node:fs';
import type { ChatMessage, DatasetPrompt, DatasetReport, ShareGptDatasetSpec } from '../../../src-shared/schemas/dataset';
import { DatasetCollector, type DatasetCandidate } from './dataset-collector';
import { malformedDataset, readFailure } from './dataset-errors';
import { estimateTokens } from './estimate-tokens';
import { JsonArrayScanner } from './json-array-scanner';

/** What one ShareGPT entry turned out to be. */
export type ShareGptEntry = { candidate: DatasetCandidate } | { unusable: string } | { malformed: string };

const roleNames: Record<string, ChatMessage['role']> = {
  human: 'user',
  user: 'user',
  gpt: 'assistant',
  chatgpt: 'assistant',
  assistant: 'assistant',
  bard: 'assistant',
  bing: 'assistant',
  model: 'assistant',
  system: 'system',
};

/**
 * Reads one entry the way vLLM's `benchmark_serving` reads ShareGPT: the prompt is the first
 * user turn (after any system turns) and the expected output length is that of the reply that
 * follows it. Accepts `conversations: [{from, value}]` and `messages: [{role, content}]`.
 * An entry without a user turn followed by a reply is unusable (ShareGPT has many), not malformed.
 */
export function readShareGptEntry(value: unknown): ShareGptEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { malformed: 'the entry is not an object' };
  const entry = value as Record<string, unknown>;
  const turns = entry.conversations ?? entry.conversation ?? entry.messages;
  if (!Array.isArray(turns)) return { malformed: 'no "conversations" (or "messages") array' };
  const messages: ChatMessage[] = [];
  for (const [index, turn] of turns.entries()) {
    const message = readTurn(turn);
    if (typeof message === 'string') return { malformed: `turn ${index}: ${message}` };
    messages.push(message);
  }
  const firstUser = messages.findIndex((message) => message.role === 'user');
  if (firstUser === -1) return { unusable: 'no user turn' };
  const reply = messages[firstUser + 1];
  if (reply === undefined || reply.role !== 'assistant') return { unusable: 'the first user turn has no reply' };
  const prompt = messages.slice(0, firstUser + 1).filter((message) => message.role !== 'assistant');
  const inputTokens = prompt.reduce((sum, message) => sum + estimateTokens(message.content), 0);
  return { candidate: { messages: prompt, inputTokens, inputSource: 'estimate', outputTokens: estimateTokens(reply.content) } };
}

function readTurn(turn: unknown): ChatMessage | string {
  if (typeof turn !== 'object' || turn === null) return 'not an object';
  const record = turn as Record<string, unknown>;
  const speaker = record.from ?? record.role;
  const content = record.value ?? record.content;
  if (typeof speaker !== 'string') return 'no "from" (or "role")';
  if (typeof content !== 'string') return 'no "value" (or "content") text';
  const role = roleNames[speaker.toLowerCase()];
  if (role === undefined) return `unknown speaker "${speaker.slice(0, 40)}"`;
  return { role, content };
}

export interface ImportOptions {
  signal?: AbortSignal;
  /** Read size; larger reads are faster but each one is held in memory. */
  chunkBytes?: number;
}

/**
 * Imports a ShareGPT-format JSON array by streaming it: the file is read in chunks, each entry
 * is parsed on its own and dropped unless the seeded reservoir keeps it, so memory stays flat
 * whatever the file size. Malformed entries are skipped and counted; a file that is not a JSON
 * array, or is cut short, fails with the byte offset where reading stopped.
 */
export async function importShareGpt(spec: ShareGptDatasetSpec, options: ImportOptions = {}): Promise<{ prompts: DatasetPrompt[]; report: DatasetReport }> {
  const startedMs = performance.now();
  const collector = new DatasetCollector({ kind: 'sharegpt', filter: spec.filter, sampleSize: spec.sampleSize, seed: spec.seed });
  const scanner = new JsonArrayScanner({ path: spec.path, onElement: (text, offset) => offerEntry(collector, { text, offset }) });
  const stream = createReadStream(spec.path, { highWaterMark: options.chunkBytes ?? 1 << 20 });
  try {
    for await (const chunk of stream) {
      options.signal?.throwIfAborted();
      scanner.push(chunk as Buffer);
    }
  } catch (error) {
    throw readFailure(spec.path, error, options.signal);
  } finally {
    stream.destroy();
  }
  scanner.end();
  if (collector.malformedEntries > 0 && collector.malformedEntries === collector.entryCount) {
    throw malformedDataset({ path: spec.path, at: 'byte 0', why: 'no entry is a ShareGPT conversation', hint: 'Each entry needs "conversations": [{"from": "human", "value": …}, {"from": "gpt", "value": …}].' });
  }
  return collector.finish({ bytesRead: scanner.bytesRead, durationMs: performance.now() - startedMs });
}


function offerEntry(collector: DatasetCollector, element: { text: string; offset: number }): void {
  let value: unknown;
  try {
    value = JSON.parse(element.text);
  } catch (error) {
    collector.malformed({ at: `byte ${element.offset}`, reason: `invalid JSON (${error instanceof Error ? error.message.slice(0, 120) : 'parse failed'})` });
    return;
  }
  const entry = readShareGptEntry(value);
  if ('candidate' in entry) collector.offer(entry.candidate);
  else if ('unusable' in entry) collector.unusable();
  else collector.malformed({ at: `byte ${element.offset}`, reason: entry.malformed });
}
