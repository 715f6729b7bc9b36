import { describe, expect, it } from 'vitest';
import { joinContainerRun, readCpuOptions, readEnvOptions, splitContainerRun, withCpuOptions, withEnvOptions } from '../../../../src-main/core/configure/container-run-args';

const seedLine = ['/usr/bin/podman', 'run', '--rm', '--name', 'llama', '--cpuset-cpus', '0-15', '--cpus=16', '-v', '/srv/models:/models:ro', '-e', 'A=1', 'ghcr.io/ggml-org/llama.cpp:server', '-m', '/models/q.gguf', '-np', '4'];

describe('a podman or docker run command line', () => {
  it('splits container options before the image from server flags after it', () => {
    const line = splitContainerRun(seedLine);
    expect(line?.head).toEqual(['/usr/bin/podman', 'run']);
    expect(line?.image).toBe('ghcr.io/ggml-org/llama.cpp:server');
    expect(line?.serverArgs).toEqual(['-m', '/models/q.gguf', '-np', '4']);
    expect(line?.options.map((option) => [option.name, option.value])).toEqual([
      ['--rm', null], ['--name', 'llama'], ['--cpuset-cpus', '0-15'], ['--cpus', '16'], ['-v', '/srv/models:/models:ro'], ['-e', 'A=1'],
    ]);
    expect(joinContainerRun(line!)).toEqual(seedLine);
  });

  it('reads short switch groups, attached values, global options and a program after the image', () => {
    const line = splitContainerRun(['docker', '--log-level', 'warn', 'container', 'run', '-dit', '-p8080:80', '-eX=1', 'img', '/app/llama-server', '--port', '80']);
    expect(line?.head).toEqual(['docker', '--log-level', 'warn', 'container', 'run']);
    expect(line?.options.map((option) => [option.name, option.value])).toEqual([['-dit', null], ['-p', '8080:80'], ['-e', 'X=1']]);
    expect(line?.command).toEqual(['/app/llama-server']);
    expect(line?.serverArgs).toEqual(['--port', '80']);
    expect(readEnvOptions(line!.options)).toEqual({ X: '1' });
  });

  it('is not a container run line for any other program', () => {
    expect(splitContainerRun(['/usr/bin/llama-server', '-m', 'run'])).toBeNull();
    expect(splitContainerRun(['podman', 'run', '--rm'])).toBeNull();
  });
});

describe('container CPU and environment options', () => {
  const options = splitContainerRun(seedLine)!.options;

  it('reads --cpus and --cpuset-cpus in either spelling', () => {
    expect(readCpuOptions(options)).toEqual({ cpus: 16, cpusetCpus: '0-15' });
  });

  it('changes a limit in place, adds a new one last and removes one left out', () => {
    const changed = withCpuOptions(options, { cpus: 8 });
    expect(changed.map((option) => option.words).flat()).toEqual(['--rm', '--name', 'llama', '--cpus', '8', '-v', '/srv/models:/models:ro', '-e', 'A=1']);
    expect(withCpuOptions(options, undefined)).toEqual(options);
    const added = withCpuOptions(options.filter((option) => option.name !== '--cpus'), { cpus: 2, cpusetCpus: '0-1' });
    expect(added.at(-1)?.words).toEqual(['--cpus', '2']);
  });

  it('replaces NAME=value environment options and keeps pass-through ones', () => {
    const withPassThrough = [...options, { name: '-e', value: 'HOME', words: ['-e', 'HOME'] }];
    expect(withEnvOptions(withPassThrough, { B: '2' }).slice(-2).map((option) => option.words)).toEqual([['-e', 'HOME'], ['--env', 'B=2']]);
  });
});
