import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { putFileArgv, putHostFile, readHostFile } from '../../../../src-main/core/hosts/host-file';
import { createLocalHost } from '../../../../src-main/core/hosts/local-host';
import type { HostSession } from '../../../../src-main/core/hosts/host-session';
import { makeTempDir } from '../../../support/temp-dir';

const hostile = "a b'; touch pwned; $(touch pwned) `touch pwned` \"q\" \\ \n-rf *";

let temp: { dir: string; cleanup(): Promise<void> };
let host: HostSession;

beforeEach(async () => {
  temp = await makeTempDir('llmwb-host-file-');
  host = createLocalHost();
});
afterEach(async () => {
  await host.close();
  await temp.cleanup();
});

describe('files on a host', () => {
  it('reads a missing file as null and an existing one byte for byte', async () => {
    expect(await readHostFile(host, join(temp.dir, 'absent'))).toBeNull();
    await writeFile(join(temp.dir, 'present'), hostile);
    expect(await readHostFile(host, join(temp.dir, 'present'))).toBe(hostile);
  });

  it('writes hostile content to a hostile path in a new folder, then runs the commands as exactly those words', async () => {
    const path = join(temp.dir, '$(touch pwned) x', "it's.conf");
    const record = join(temp.dir, 'args');
    await putHostFile(host, { path, content: hostile, then: [['sh', '-c', 'printf "%s|" "$@" > "$0"', record, hostile, '$HOME']] });
    expect(await readFile(path, 'utf8')).toBe(hostile);
    expect(await readFile(record, 'utf8')).toBe(`${hostile}|$HOME|`);
    expect((await readdir(temp.dir)).sort()).toEqual(['$(touch pwned) x', 'args']);
    expect(existsSync('pwned')).toBe(false);
  });

  it('removes the file when the content is null, and stops at the first command that fails', async () => {
    const path = join(temp.dir, 'f.conf');
    await writeFile(path, 'x');
    const result = await host.exec(putFileArgv({ path, content: null, then: [['false'], ['touch', join(temp.dir, 'after')]] }));
    expect(result.exitCode).not.toBe(0);
    expect(await readdir(temp.dir)).toEqual([]);
  });
});
