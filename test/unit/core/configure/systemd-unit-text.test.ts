import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoteSystemdWord, readUnitService, splitSystemctlCat, splitSystemdWords, writeDropIn } from '../../../../src-main/core/configure/systemd-unit-text';

const fixture = (name: string): string => readFileSync(new URL(`../../../fixtures/configure/systemd/${name}`, import.meta.url), 'utf8');

describe('reading systemctl cat output', () => {
  it('splits the unit and its drop-ins by their # path lines', () => {
    const files = splitSystemctlCat(fixture('llama-direct.cat.txt'));
    expect(files.map((file) => file.path)).toEqual(['/usr/lib/systemd/system/llama-server.service', '/etc/systemd/system/llama-server.service.d/10-site.conf']);
    expect(files[1]?.text).toMatch(/^\[Service\]\nExecStart=\n/);
  });

  it('takes the ExecStart of a drop-in that resets it with an empty ExecStart=', () => {
    const service = readUnitService(fixture('llama-direct.cat.txt'));
    expect(service.execStarts).toEqual([
      ['/usr/local/bin/llama-server', '-m', '/models/llama-3.1-8b-q4_k_m.gguf', '--host', '127.0.0.1', '--port', '8080', '-np', '8', '-c', '32768', '--alias', 'llama 8b'],
    ]);
    expect(service.environment).toEqual({ LLAMA_ARG_THREADS: '8', HF_HOME: '/var/lib/llama/hf cache' });
  });

  it('joins continued lines and keeps specifiers as written', () => {
    const service = readUnitService(fixture('llama-podman.cat.txt'));
    expect(service.execStarts[0]?.slice(0, 5)).toEqual(['/usr/bin/podman', 'run', '--rm', '--name', 'llama']);
    expect(service.execStarts[0]?.at(-1)).toBe('99');
    expect(service.environment).toEqual({ PODMAN_SYSTEMD_UNIT: '%n' });
  });

  it('resets the environment on an empty Environment= and keeps the ExecStart prefix apart', () => {
    const service = readUnitService('# /u.service\n[Service]\nEnvironment=A=1\nEnvironment=\nEnvironment=B=2\nExecStart=-/bin/server -x\n');
    expect(service.environment).toEqual({ B: '2' });
    expect(service.execPrefixes).toEqual(['-']);
    expect(service.execStarts).toEqual([['/bin/server', '-x']]);
  });

  it('ignores ExecStart outside [Service] and in comments', () => {
    const service = readUnitService('# /u.service\n[Unit]\nExecStart=/bin/no\n[Service]\n# ExecStart=/bin/no\nExecStart=/bin/yes\n');
    expect(service.execStarts).toEqual([['/bin/yes']]);
  });
});

describe('systemd words', () => {
  it('reads quotes and C escapes the way systemd does', () => {
    expect(splitSystemdWords(`a "b c" 'd e' f\\"g "h\\\\i" "x\\x41"`)).toEqual(['a', 'b c', 'd e', 'f"g', 'h\\i', 'xA']);
    expect(splitSystemdWords('"" x')).toEqual(['', 'x']);
  });

  it('reads back every word it writes', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }).filter((word) => !word.includes('\0'))), (words) => {
        expect(splitSystemdWords(words.map(quoteSystemdWord).join(' '))).toEqual(words);
      }),
    );
  });
});

describe('the workbench drop-in', () => {
  it('resets Environment= and ExecStart= then sets both, and reads back as written', () => {
    const text = writeDropIn({ execStart: ['/usr/bin/llama-server', '-m', '/m/a b.gguf', '-np', '4'], environment: { LLAMA_ARG_THREADS: '8', HF_HOME: '/x y' } });
    expect(text).toContain('Environment=\nEnvironment=LLAMA_ARG_THREADS=8\nEnvironment="HF_HOME=/x y"\nExecStart=\nExecStart=/usr/bin/llama-server \\\n    -m "/m/a b.gguf" \\\n    -np 4\n');
    const service = readUnitService(`# /etc/systemd/system/l.service\n[Service]\nEnvironment=Z=1\nExecStart=/bin/old\n\n# /etc/systemd/system/l.service.d/50-llm-workbench.conf\n${text}`);
    expect(service.execStarts).toEqual([['/usr/bin/llama-server', '-m', '/m/a b.gguf', '-np', '4']]);
    expect(service.environment).toEqual({ LLAMA_ARG_THREADS: '8', HF_HOME: '/x y' });
  });
});
