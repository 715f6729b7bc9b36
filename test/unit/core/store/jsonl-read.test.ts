import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonlTally, readJsonlFile } from '../../../../src-main/core/store/jsonl-read';
import { readJsonl } from '../../../../src-main/core/store/run-folder';
import { makeTempDir } from '../../../support/temp-dir';

const good = (seq: number) => JSON.stringify({ seq });

describe('reading a JSON Lines file back', () => {
  const temps: Array<{ cleanup(): Promise<void> }> = [];
  afterEach(async () => Promise.all(temps.splice(0).map((temp) => temp.cleanup())));

  async function fileWith(text: string): Promise<string> {
    const temp = await makeTempDir('llmwb-jsonl-');
    temps.push(temp);
    const path = join(temp.dir, 'requests.jsonl');
    await writeFile(path, text);
    return path;
  }

  it('counts corrupt lines in the middle and says how many were skipped in which file', async () => {
    const path = await fileWith([good(1), '{"seq": 2, "trunc', good(3), 'garbage', good(4), ''].join('\n'));
    const content = await readJsonlFile(path);
    expect(content.records).toEqual([{ seq: 1 }, { seq: 3 }, { seq: 4 }]);
    expect(content.unreadable).toBe(2);
    expect(content.notice).toBe('2 unreadable lines skipped in requests.jsonl.');
  });

  it('words a torn last line as the normal trace of an interrupted write', async () => {
    const content = await readJsonlFile(await fileWith(`${good(1)}\n${good(2)}\n{"seq": 3, "no`));
    expect(content.records).toHaveLength(2);
    expect(content.unreadable).toBe(1);
    expect(content.notice).toBe('The last line of requests.jsonl was cut off mid-write (normal after a crash or a full disk) and skipped.');
  });

  it('reports corrupt middle lines and a torn last line together', async () => {
    const content = await readJsonlFile(await fileWith(`${good(1)}\n%%\n${good(2)}\n{"seq`));
    expect(content.notice).toBe('1 unreadable line skipped in requests.jsonl; its last line was also cut off mid-write (normal after a crash or a full disk) and skipped.');
  });

  it('counts a whole line of the wrong shape as unreadable, never as torn', async () => {
    const content = await readJsonlFile(await fileWith(`${good(1)}\n{"other": true}\n`), (value) => ((value as { seq?: number }).seq === undefined ? undefined : value));
    expect(content).toMatchObject({ records: [{ seq: 1 }], unreadable: 1, notice: '1 unreadable line skipped in requests.jsonl.' });
  });

  it('has nothing to say about a clean file, a missing one or blank lines', async () => {
    expect(await readJsonlFile(await fileWith(`${good(1)}\n\n${good(2)}\n`))).toEqual({ records: [{ seq: 1 }, { seq: 2 }], unreadable: 0 });
    expect(await readJsonlFile(join('/nonexistent-llmwb', 'series.jsonl'))).toEqual({ records: [], unreadable: 0 });
  });

  it('keeps readJsonl returning only the records, for callers that need no report', async () => {
    expect(await readJsonl(await fileWith(`${good(1)}\nbad\n${good(2)}`))).toEqual([{ seq: 1 }, { seq: 2 }]);
  });

  it('accounts for every non-blank line: read plus unreadable is the line count, whatever the corruption', () => {
    const line = fc.oneof(
      fc.integer().map(good),
      fc.string().filter((text) => !text.includes('\n')),
      fc.constant(''),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
        const tally = new JsonlTally('x.jsonl');
        const read = lines.filter((text) => tally.parse(text) !== undefined).length;
        const nonBlank = lines.filter((text) => text.trim() !== '').length;
        expect(read + tally.counts.unreadable).toBe(nonBlank);
        expect(tally.notice() === undefined).toBe(tally.counts.unreadable === 0);
      }),
    );
  });
});
