import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectPromptFileFormat, importPromptFile, readPromptLine } from '../../../../src-main/core/datasets/prompt-file';
import { loadDataset } from '../../../../src-main/core/datasets/load-dataset';
import { makeTempDir } from '../../../support/temp-dir';

describe('readPromptLine', () => {
  it('reads a prompt, chat messages and an output length', () => {
    expect(readPromptLine('{"prompt": "Tell me a story", "max_tokens": 64}')).toEqual({
      candidate: { messages: [{ role: 'user', content: 'Tell me a story' }], inputTokens: 4, inputSource: 'estimate', outputTokens: 64 },
    });
    const chat = readPromptLine('{"messages": [{"role": "system", "content": "Be terse."}, {"role": "user", "content": "Why?"}]}');
    expect('candidate' in chat && chat.candidate.messages.map((message) => message.role)).toEqual(['system', 'user']);
  });

  it('says why a line is not a prompt', () => {
    expect(readPromptLine('{"prompt": ')).toEqual({ malformed: 'not valid JSON' });
    expect(readPromptLine('[1]')).toEqual({ malformed: 'not a JSON object' });
    expect(readPromptLine('{"text": "x"}')).toEqual({ malformed: 'neither "prompt" nor "messages"' });
    expect(readPromptLine('{"messages": [{"role": "robot", "content": "x"}]}')).toEqual({ malformed: 'messages[0]: "role" must be system, user or assistant' });
    expect(readPromptLine('{"prompt": "  "}')).toEqual({ malformed: 'the prompt is empty' });
    expect(readPromptLine('{"prompt": "x", "max_tokens": 0}')).toEqual({ malformed: '"max_tokens" must be a whole number ≥ 1' });
  });
});

describe('importPromptFile', () => {
  let dir: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
  });
  afterEach(async () => {
    await cleanup();
  });

  async function file(name: string, text: string | Buffer): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  }

  const contents = (prompts: Array<{ messages: Array<{ content: string }> }>) => prompts.map((prompt) => prompt.messages.at(-1)!.content);

  it('reads one prompt per line, ignoring blank lines and CRLF line ends', async () => {
    const path = await file('prompts.txt', 'first prompt\r\nsecond prompt\r\n   \r\nthird');
    const { prompts, report, format } = await importPromptFile({ kind: 'prompt-file', path, format: 'txt-lines', filter: {}, seed: 1 });
    expect(format).toBe('txt-lines');
    expect(contents(prompts)).toEqual(['first prompt', 'second prompt', 'third']);
    expect(report).toMatchObject({ entries: 3, malformed: 0, prompts: 3 });
  });

  it('detects blank-line separated prompts and keeps their inner line breaks', async () => {
    const path = await file('blocks.txt', 'Summarise:\nline two\n\n\nSecond prompt\n');
    expect(await detectPromptFileFormat(path)).toBe('txt-blocks');
    const { prompts } = await loadDataset({ kind: 'prompt-file', path });
    expect(contents(prompts)).toEqual(['Summarise:\nline two', 'Second prompt']);
  });

  it('reads JSON Lines, skipping and counting bad lines by line number', async () => {
    const path = await file('prompts.jsonl', ['{"prompt": "a"}', '', '{"prompt": oops}', '{"messages": [{"role": "user", "content": "b"}], "max_tokens": 9}', '{"other": 1}'].join('\n'));
    const { prompts, report } = await importPromptFile({ kind: 'prompt-file', path, format: 'auto', filter: {}, seed: 1 });
    expect(contents(prompts)).toEqual(['a', 'b']);
    expect(prompts[1]!.maxTokens).toBe(9);
    expect(report.malformed).toBe(2);
    expect(report.problems).toEqual([
      { at: 'line 3', reason: 'not valid JSON' },
      { at: 'line 5', reason: 'neither "prompt" nor "messages"' },
    ]);
  });

  it('treats a .txt whose first line is a prompt object as JSON Lines', async () => {
    const path = await file('exported.txt', '{"prompt": "x"}\n{"prompt": "y"}\n');
    expect(await detectPromptFileFormat(path)).toBe('jsonl');
  });

  it('fails naming the first bad line when no line is a prompt', async () => {
    const path = await file('broken.jsonl', 'not json\nstill not\n');
    await expect(loadDataset({ kind: 'prompt-file', path })).rejects.toThrowError('cannot read dataset broken.jsonl: no line is a prompt (not valid JSON) at line 1');
  });

  it('fails naming the byte of a NUL in a binary file', async () => {
    const path = await file('model.txt', Buffer.concat([Buffer.from('GGUF\n'), Buffer.from([0x03, 0x00, 0x00])]));
    await expect(loadDataset({ kind: 'prompt-file', path, format: 'txt-lines' })).rejects.toThrowError('cannot read dataset model.txt: a NUL byte: this looks like a binary file, not a prompt list at byte 6 (line 2)');
  });

  it('fails for an empty file', async () => {
    const path = await file('empty.txt', '\n\n');
    await expect(loadDataset({ kind: 'prompt-file', path })).rejects.toThrowError(/the file has no prompts/);
  });

  it('samples and filters like any other dataset', async () => {
    const path = await file('many.txt', Array.from({ length: 100 }, (_, index) => `prompt number ${index}${index % 2 === 0 ? ' with more words in it' : ''}`).join('\n'));
    const { prompts, report } = await loadDataset({ kind: 'prompt-file', path, sampleSize: 10, seed: 3, filter: { minInputTokens: 8 } });
    expect(prompts).toHaveLength(10);
    expect(report).toMatchObject({ entries: 100, eligible: 50, filtered: 50 });
    expect(prompts.every((prompt) => prompt.messages[0]!.content.includes('with more words'))).toBe(true);
  });
});
