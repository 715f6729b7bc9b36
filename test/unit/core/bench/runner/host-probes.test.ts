import { describe, expect, it } from 'vitest';
import { parseServerProbe } from '../../../../../src-main/core/bench/runner/host-probes';

describe('parseServerProbe', () => {
  it('reads the pid, the binary and -t/-np from the server command line', () => {
    const text = ['4242', '/opt/llama.cpp/build/bin/llama-server', '/opt/llama.cpp/build/bin/llama-server', '-m', '/m/q4.gguf', '-t', '8', '--parallel', '1', '--port', '8080', ''].join('\n');
    expect(parseServerProbe(text)).toEqual({ pid: 4242, executable: '/opt/llama.cpp/build/bin/llama-server', threads: 8, parallel: 1 });
  });

  it('takes --name=value forms, and the last value when a flag repeats (as llama.cpp does)', () => {
    const text = ['7', '/usr/bin/llama-server', 'llama-server', '--threads=4', '-np', '2', '-t', '6'].join('\n');
    expect(parseServerProbe(text)).toMatchObject({ threads: 6, parallel: 2 });
  });

  it('leaves -t and -np null when the command line does not set them', () => {
    expect(parseServerProbe('9\n/usr/local/bin/llama-server\nllama-server\n-m\nx.gguf\n')).toMatchObject({ threads: null, parallel: null });
  });

  it('is null when no server runs or the output is not the probe’s', () => {
    expect(parseServerProbe('')).toBeNull();
    expect(parseServerProbe('pgrep: not found\n')).toBeNull();
  });
});
