import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readComposeService, splitShellWords, writeComposeOverride } from '../../../../src-main/core/configure/compose-service';

const userText = readFileSync(new URL('../../../fixtures/configure/compose/compose.yaml', import.meta.url), 'utf8');
const where = 'compose.yaml on local';

describe('reading a compose service', () => {
  it('reads a list command, an environment list and the CPU limits', () => {
    const service = readComposeService({ userText, overrideText: null, service: 'llama-a', where });
    expect(service.program).toEqual([]);
    expect(service.serverArgs).toEqual(['-m', '/models/llama-3.1-8b-q4_k_m.gguf', '--host', '0.0.0.0', '--port', '8080', '-np', '4', '-c', '16384']);
    expect(service.env).toEqual({ LLAMA_ARG_THREADS: '8', HF_HOME: '/cache/hf' });
    expect(service.cpu).toEqual({ cpus: 8, cpusetCpus: '0-7' });
  });

  it('splits a string command as shell words', () => {
    const service = readComposeService({ userText, overrideText: null, service: 'llama-b', where });
    expect(service.serverArgs).toEqual(['-m', '/models/qwen 3b.gguf', '--host', '0.0.0.0', '--port', '8081', '-np', '2']);
    expect(splitShellWords(`a 'b c' "d \\"e\\"" f\\ g`)).toEqual(['a', 'b c', 'd "e"', 'f g']);
  });

  it('applies an override over the user file as compose merges them', () => {
    const overrideText = 'services:\n  llama-a:\n    command: ["-np", "8"]\n    environment: { EXTRA: "1" }\n    cpuset: !reset null\n';
    const service = readComposeService({ userText, overrideText, service: 'llama-a', where });
    expect(service.serverArgs).toEqual(['-np', '8']);
    expect(service.env).toEqual({ LLAMA_ARG_THREADS: '8', HF_HOME: '/cache/hf', EXTRA: '1' });
    expect(service.cpu).toEqual({ cpus: 8 });
    const replacing = 'services:\n  llama-a:\n    environment: !override { ONLY: "1" }\n';
    expect(readComposeService({ userText, overrideText: replacing, service: 'llama-a', where }).env).toEqual({ ONLY: '1' });
  });

  it('names the services a file has when the one asked for is not there', () => {
    expect(() => readComposeService({ userText, overrideText: null, service: 'llama-c', where })).toThrow(
      expect.objectContaining({ code: 'not_found', message: 'compose.yaml on local has no service named llama-c.', hint: 'Its services: llama-a, llama-b, proxy.' }),
    );
  });
});

describe('the workbench override', () => {
  const base = { service: 'llama-a', userFile: '/srv/compose.yaml', command: ['-np', '8'], userEnv: { A: '1', B: '2' }, userCpu: { cpus: 8, cpusetCpus: '0-7' } };

  it('writes the command and only the environment and limits that differ', () => {
    const text = writeComposeOverride({ ...base, env: { A: '1', B: '3' }, cpu: { cpus: 4, cpusetCpus: '0-7' } });
    expect(parse(text)).toEqual({ services: { 'llama-a': { command: ['-np', '8'], environment: { B: '3' }, cpus: 4 } } });
    expect(text).toMatch(/^# Written by LLM Workbench/);
  });

  it('replaces the environment with !override when a variable goes, and removes a limit with !reset', () => {
    const text = writeComposeOverride({ ...base, env: { A: '1' }, cpu: { cpus: 8 } });
    expect(text).toContain('environment: !override\n      A: "1"');
    expect(text).toContain('cpuset: !reset null');
    const service = readComposeService({ userText: 'services:\n  llama-a:\n    environment: { A: "1", B: "2" }\n    cpus: 8\n    cpuset: "0-7"\n', overrideText: text, service: 'llama-a', where });
    expect(service).toEqual({ program: [], serverArgs: ['-np', '8'], env: { A: '1' }, cpu: { cpus: 8 } });
  });
});
