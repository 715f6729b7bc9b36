import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../src-shared/errors';
import { importShareGpt, readShareGptEntry } from '../../../../src-main/core/datasets/sharegpt';
import { loadDataset } from '../../../../src-main/core/datasets/load-dataset';
import { makeTempDir } from '../../../support/temp-dir';

const turn = (from: string, value: string) => ({ from, value });
const conversation = (id: number, prompt: string, reply: string) => ({ id: `c${id}`, conversations: [turn('human', prompt), turn('gpt', reply)] });

describe('readShareGptEntry', () => {
  it('takes the first human turn as the prompt and the reply length as the output length', () => {
    const entry = readShareGptEntry({ conversations: [turn('system', 'Be brief.'), turn('human', 'a'.repeat(40)), turn('gpt', 'b'.repeat(80)), turn('human', 'more')] });
    expect(entry).toEqual({
      candidate: {
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'a'.repeat(40) },
        ],
        inputTokens: 2 + 10,
        inputSource: 'estimate',
        outputTokens: 20,
      },
    });
  });

  it('reads the OpenAI messages form as well', () => {
    const entry = readShareGptEntry({ messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }] });
    expect('candidate' in entry && entry.candidate.messages).toEqual([{ role: 'user', content: 'hi' }]);
  });

  it('calls a conversation without a reply unusable, not malformed', () => {
    expect(readShareGptEntry({ conversations: [] })).toEqual({ unusable: 'no user turn' });
    expect(readShareGptEntry({ conversations: [turn('human', 'hello?')] })).toEqual({ unusable: 'the first user turn has no reply' });
  });

  it('says what is wrong with a malformed entry', () => {
    expect(readShareGptEntry(42)).toEqual({ malformed: 'the entry is not an object' });
    expect(readShareGptEntry({ id: 'x' })).toEqual({ malformed: 'no "conversations" (or "messages") array' });
    expect(readShareGptEntry({ conversations: [turn('human', 'q'), { from: 'gpt' }] })).toEqual({ malformed: 'turn 1: no "value" (or "content") text' });
    expect(readShareGptEntry({ conversations: [turn('robot', 'q')] })).toEqual({ malformed: 'turn 0: unknown speaker "robot"' });
  });
});

describe('importShareGpt', () => {
  let dir: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
  });
  afterEach(async () => {
    await cleanup();
  });

  async function file(name: string, text: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  }

  it('skips and counts malformed entries, with the byte where each starts', async () => {
    const good = JSON.stringify(conversation(1, 'What is a slot?', 'A slot is one sequence the server decodes at a time.'));
    const text = `[${good},\n{"conversations": [{"from": "human", "value": tru}]},\n"just a string",\n{"conversations": [{"from":"human","value":"no reply"}]}]`;
    const path = await file('mixed.json', text);
    const { prompts, report } = await importShareGpt({ kind: 'sharegpt', path, filter: {}, sampleSize: 10, seed: 1 }, { chunkBytes: 16 });
    expect(prompts.map((prompt) => prompt.messages.at(-1)!.content)).toEqual(['What is a slot?']);
    expect(report).toMatchObject({ kind: 'sharegpt', entries: 4, eligible: 1, filtered: 1, malformed: 2, prompts: 1, bytesRead: Buffer.byteLength(text) });
    expect(report.problems).toEqual([
      { at: `byte ${text.indexOf('{"conversations": [{"from": "human", "value": tru')}`, reason: expect.stringMatching(/^invalid JSON/) },
      { at: `byte ${text.indexOf('"just a string"')}`, reason: 'the entry is not an object' },
    ]);
  });

  it('filters by estimated input and output length', async () => {
    const entries = [conversation(1, 'x'.repeat(40), 'y'.repeat(40)), conversation(2, 'x'.repeat(400), 'y'.repeat(40)), conversation(3, 'x'.repeat(40), 'y'.repeat(4000))];
    const path = await file('lengths.json', JSON.stringify(entries));
    const { prompts, report } = await importShareGpt({ kind: 'sharegpt', path, filter: { maxInputTokens: 50, maxOutputTokens: 100 }, sampleSize: 10, seed: 1 });
    expect(prompts.map((prompt) => [prompt.expectedInputTokens, prompt.maxTokens])).toEqual([[10, 10]]);
    expect(report).toMatchObject({ entries: 3, eligible: 1, filtered: 2 });
  });

  it('samples the same entries for the same seed, different ones for another, in file order', async () => {
    const entries = Array.from({ length: 300 }, (_, index) => conversation(index, `question ${index}`, `answer ${index}`));
    const path = await file('many.json', JSON.stringify(entries));
    const pick = async (seed: number) => (await loadDataset({ kind: 'sharegpt', path, sampleSize: 20, seed })).prompts.map((prompt) => Number(prompt.messages[0]!.content.split(' ')[1]));
    const first = await pick(5);
    expect(first).toHaveLength(20);
    expect([...first].sort((a, b) => a - b)).toEqual(first);
    expect(await pick(5)).toEqual(first);
    expect(await pick(6)).not.toEqual(first);
  });

  it('fails with the byte offset for a file that is not a JSON array', async () => {
    const path = await file('lines.jsonl', `${JSON.stringify(conversation(1, 'a', 'b'))}\n${JSON.stringify(conversation(2, 'c', 'd'))}\n`);
    const error = await importShareGpt({ kind: 'sharegpt', path, filter: {}, sampleSize: 10, seed: 1 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toBe("cannot read dataset lines.jsonl: expected '[' (a JSON array of conversations), found '{' at byte 0");
    expect((error as AppError).hint).toMatch(/jsonl prompt file/);
  });

  it('fails when no entry at all is a conversation', async () => {
    const path = await file('numbers.json', '[1, 2, 3]');
    await expect(importShareGpt({ kind: 'sharegpt', path, filter: {}, sampleSize: 10, seed: 1 })).rejects.toThrowError(/no entry is a ShareGPT conversation/);
  });

  it('says there is no such file in plain words', async () => {
    await expect(loadDataset({ kind: 'sharegpt', path: join(dir, 'missing.json') })).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('No dataset file at') });
  });

  it('stops when its signal is aborted', async () => {
    const path = await file('one.json', JSON.stringify([conversation(1, 'a', 'b')]));
    await expect(importShareGpt({ kind: 'sharegpt', path, filter: {}, sampleSize: 1, seed: 1 }, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'cancelled' });
  });
});
