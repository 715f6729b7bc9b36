import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { containerRunArgv, readContainerRunSpec } from '../../../../src-main/core/configure/container-run-spec';

const fixture = (name: string): string => readFileSync(new URL(`../../../fixtures/configure/container/${name}`, import.meta.url), 'utf8');

describe('reading a container to create it again', () => {
  it('keeps docker binds, GPUs, ports, memory and restart policy, and reads NanoCpus and the cpuset', () => {
    const spec = readContainerRunSpec(fixture('docker-inspect-mounts.json'), 'docker');
    expect(spec.image).toBe('ghcr.io/ggml-org/llama.cpp:server-cuda');
    expect(spec.program).toEqual(['/app/llama-server']);
    expect(spec.serverArgs).toEqual(['-m', '/models/Llama-3.1-8B-Instruct-Q4_K_M.gguf', '--host', '0.0.0.0', '--port', '8080', '-np', '8', '-c', '65536', '-ngl', '99', '--metrics']);
    expect(spec.env).toEqual({ PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LLAMA_ARG_THREADS: '4' });
    expect(spec.keptOptions).toEqual([
      '--volume', '/srv/models:/models:ro', '--volume', 'llama-cache:/root/.cache', '--gpus', 'all', '--publish', '8080:8080/tcp',
      '--restart', 'unless-stopped', '--memory', '34359738368', '--memory-swap', '68719476736',
    ]);
    expect(spec.cpu).toEqual({ cpus: 4, cpusetCpus: '0-7' });
  });

  it('reads podman mounts, devices and group-add, and counts --cpus once though podman also sets the quota', () => {
    const spec = readContainerRunSpec(fixture('podman-inspect-mounts.json'), 'podman');
    expect(spec.name).toBe('llama-qwen');
    expect(spec.image).toBe('ghcr.io/ggml-org/llama.cpp:server-rocm');
    expect(spec.keptOptions).toEqual([
      '--volume', '/srv/models:/models:ro', '--device', '/dev/kfd:/dev/kfd', '--device', '/dev/dri/card1:/dev/dri/card1',
      '--device', '/dev/dri/renderD128:/dev/dri/renderD128', '--publish', '8081:8080/tcp', '--group-add', 'video',
    ]);
    expect(spec.cpu).toEqual({ cpus: 4 });
  });

  it('takes the words after the llama-server program as its arguments when the entrypoint wraps it', () => {
    const text = JSON.stringify([{ Id: 'abc', Name: '/x', Path: '/usr/bin/tini', Args: ['--', '/app/llama-server', '-np', '2'], HostConfig: {}, Config: { Image: 'img' } }]);
    const spec = readContainerRunSpec(text, 'docker');
    expect(spec.program).toEqual(['/usr/bin/tini', '--', '/app/llama-server']);
    expect(spec.serverArgs).toEqual(['-np', '2']);
    expect(containerRunArgv('docker', spec, { name: 'x', serverArgs: ['-np', '4'], env: {}, cpu: {} })).toEqual([
      'docker', 'run', '--detach', '--name', 'x', '--entrypoint', '/usr/bin/tini', 'img', '--', '/app/llama-server', '-np', '4',
    ]);
  });
});
