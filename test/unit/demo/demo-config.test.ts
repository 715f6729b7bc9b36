import { describe, expect, it } from 'vitest';
import { demoOptionsFromConfig } from '../../../src-main/demo/demo-config';
import { parseServerConfig } from '../../../src-shared/llama/server-args';

describe('demoOptionsFromConfig', () => {
  it('maps a whole llama-server configuration onto the demo, as its command line would be', () => {
    const { config } = parseServerConfig(['-m', 'tiny.gguf', '-np', '3', '-c', '6144', '-t', '2', '-tb', '4', '-b', '512', '-ub', '128', '-nocb', '--no-cache-prompt', '-n', '64', '-a', 'demo-model', '-fa', 'off']);
    expect(demoOptionsFromConfig(config)).toEqual({
      ok: true,
      options: { model: 'tiny.gguf', parallel: 3, ctxSize: 6144, threads: 2, threadsBatch: 4, batchSize: 512, ubatchSize: 128, contBatching: false, cachePrompt: false, predict: 64, alias: ['demo-model'], flashAttn: 'off' },
    });
  });

  it('refuses every flag the demo cannot honour, each with the reason from its flag table', () => {
    const mapped = demoOptionsFromConfig({ flags: { parallel: 2, cacheTypeK: 'q8_0', gpuLayers: 99, threadsHttp: 8, port: 8080 } });
    expect(mapped.ok).toBe(false);
    const problems = mapped.ok ? [] : mapped.problems;
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/^-ctk, --cache-type-k: refused by the demo server: neither engine can honour it: the sim keeps no KV tensors/);
    expect(problems[1]).toMatch(/^-ngl.*refused by the demo server: neither engine can honour it: the sim models a CPU-only host/);
    expect(problems[2]).toMatch(/^--threads-http: refused.*no HTTP thread pool/);
    expect(problems[3]).toBe('port: refused by the in-process demo server: the in-process demo listens on a free loopback port chosen at start');
  });

  it('refuses an environment, arguments outside the catalog and another launch method', () => {
    const mapped = demoOptionsFromConfig({ flags: {}, env: { CUDA_VISIBLE_DEVICES: '0' }, extraArgs: ['--spec-draft-n-max', '4'], launch: { kind: 'systemd', unit: 'llama.service' } });
    expect(mapped.ok ? [] : mapped.problems).toEqual([
      'environment CUDA_VISIBLE_DEVICES: refused by the demo server: it runs inside this process and reads no environment of its own',
      "--spec-draft-n-max 4: refused by the demo server: not a flag of llama-server's catalog",
      'launch systemd: the demo server is started in this process, not as a systemd',
    ]);
  });

  it('takes the demo launch method and the web UI switched off', () => {
    expect(demoOptionsFromConfig({ flags: { ui: false }, launch: { kind: 'demo' } })).toEqual({ ok: true, options: {} });
  });
});
