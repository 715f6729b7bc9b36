import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { followJsonl } from '../../../../src-main/core/store/jsonl-follow';
import { makeTempDir } from '../../../support/temp-dir';

let temp: { dir: string; cleanup(): Promise<void> };
beforeEach(async () => {
  temp = await makeTempDir('llmwb-follow-');
});
afterEach(async () => temp.cleanup());

const numbers = (value: unknown): number | undefined => (typeof (value as { n?: unknown }).n === 'number' ? (value as { n: number }).n : undefined);

describe('following a JSON Lines file as it is written', () => {
  it('returns each whole line once, keeps a torn last line for the next call, and skips what it cannot read', async () => {
    const path = join(temp.dir, 'requests.jsonl');
    const next = followJsonl(path, numbers);
    expect(await next()).toEqual([]);
    await writeFile(path, '{"n":1}\n{"n":2}\n{"n":');
    expect(await next()).toEqual([1, 2]);
    await appendFile(path, '3}\nnot json\n{"x":4}\n');
    expect(await next()).toEqual([3]);
    expect(await next()).toEqual([]);
  });
});
