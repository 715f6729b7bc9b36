import { readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBenchRunWriter } from '../../../../../src-main/core/bench/runner/bench-run-writer';
import { benchRunFiles } from '../../../../../src-main/core/bench/runs/bench-run-store';
import type { BenchRunMeta } from '../../../../../src-shared/schemas/bench-result';
import { makeTempDir } from '../../../../support/temp-dir';

describe('the bench run writer on a failing disk (/dev/full)', () => {
  const temps: Array<{ cleanup(): Promise<void> }> = [];
  afterEach(async () => Promise.all(temps.splice(0).map((temp) => temp.cleanup())));

  it('names the full disk and the file, and removes the temp file of a meta.json that did not fit', async () => {
    const temp = await makeTempDir('llmwb-bench-writer-');
    temps.push(temp);
    const meta: BenchRunMeta = { id: 'b1', label: 'llama-bench', importedAt: Date.now(), source: { name: 'llama-bench', format: 'jsonl', bytes: 0 }, resultCount: 0, warnings: [] };
    const writer = await createBenchRunWriter(temp.dir, meta);
    await writer.flush().catch(() => undefined);
    const raw = join(writer.dir, benchRunFiles.raw);
    rmSync(raw);
    symlinkSync('/dev/full', raw);
    symlinkSync('/dev/full', join(writer.dir, `${benchRunFiles.meta}.tmp`));
    writer.appendStdout('| model | size |');
    writer.writeMeta(meta);
    await expect(writer.flush()).rejects.toMatchObject({ code: 'disk_full', message: expect.stringContaining(`disk full while writing ${raw} (ENOSPC`) });
    expect(readdirSync(writer.dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
