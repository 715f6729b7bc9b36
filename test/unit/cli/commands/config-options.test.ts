import { describe, expect, it } from 'vitest';
import { configChanges, shellLine } from '../../../../src-main/cli/commands/config-format';
import { launchFromArgs, serverFlagsFromArgs, splitConfigArgs } from '../../../../src-main/cli/commands/config-options';

const noAdoption = { adopt: () => Promise.reject(new Error('not asked')) };

describe('llmwb config arguments', () => {
  it('keeps llama-server flags apart from its own options, --host being the host to configure', () => {
    const { args, server } = splitConfigArgs(['-np', '4', '--host', 'local', '--ctx-size=8192', '--dry-run', '--via', 'systemd', '--unit', 'llama.service', '--no-mmap']);
    expect(server).toEqual(['-np', '4', '--ctx-size=8192', '--no-mmap']);
    expect(args.values.get('host')).toEqual(['local']);
    expect(args.flags.has('dry-run')).toBe(true);
  });

  it('reads the flags of config set as a partial configuration', () => {
    expect(serverFlagsFromArgs(['-np', '4', '-c', '8192', '-fa', 'on'])).toEqual({ flags: { parallel: 4, ctxSize: 8192, flashAttn: 'on' } });
  });

  it('refuses an unknown flag name and a stray word, naming each', () => {
    expect(() => serverFlagsFromArgs(['--no-such-flag', '1'])).toThrow('unknown llama-server flag --no-such-flag');
    expect(() => serverFlagsFromArgs(['-np', '4', 'oops'])).toThrow('unexpected oops');
    expect(() => serverFlagsFromArgs([])).toThrow(/name at least one llama-server flag/);
  });

  it('builds each launch method from its options, and says which option a method lacks', async () => {
    const launch = (argv: string[]) => launchFromArgs(splitConfigArgs(argv).args, noAdoption);
    await expect(launch(['--via', 'systemd', '--unit', 'llama.service', '--user'])).resolves.toEqual({ kind: 'systemd', unit: 'llama.service', scope: 'user' });
    await expect(launch(['--via', 'container', '--container', 'llm', '--runtime', 'podman'])).resolves.toEqual({ kind: 'container', runtime: 'podman', name: 'llm' });
    await expect(launch(['--via', 'compose', '--compose-file', '/srv/compose.yaml', '--service', 'llm'])).resolves.toEqual({ kind: 'compose', runtime: 'docker', file: '/srv/compose.yaml', service: 'llm' });
    await expect(launch(['--via', 'process', '--exec', '/opt/llama-server', '--state-dir', '/var/llm'])).resolves.toEqual({ kind: 'process', argv: ['/opt/llama-server'], env: {}, stateDir: '/var/llm' });
    await expect(launch([])).resolves.toBeUndefined();
    await expect(launch(['--via', 'systemd'])).rejects.toThrow('--via systemd needs --unit');
    await expect(launch(['--via', 'process'])).rejects.toThrow(/needs --exec BINARY .* or --pid PID/);
    await expect(launch(['--via', 'kubernetes'])).rejects.toThrow('--via must be process, systemd, container or compose, not "kubernetes"');
  });

  it('adopts the process --pid names through the core', async () => {
    const adopted = { kind: 'process' as const, argv: ['/usr/bin/llama-server', '-np', '2'], env: {}, adoptedPid: 4242 };
    const args = splitConfigArgs(['--via', 'process', '--pid', '4242']).args;
    await expect(launchFromArgs(args, { adopt: async (pid) => ({ ...adopted, adoptedPid: pid }) })).resolves.toEqual(adopted);
  });
});

describe('llmwb config output', () => {
  it('lists each changed flag by its short spelling, the model and the other arguments', () => {
    const before = { model: '/m/a.gguf', flags: { parallel: 2, ctxSize: 4096 } };
    const after = { model: '/m/b.gguf', flags: { parallel: 4, ctxSize: 4096, flashAttn: 'on' }, extraArgs: ['--new-thing'] };
    expect(configChanges(before, after)).toEqual(['-m: /m/a.gguf → /m/b.gguf', '-np: 2 → 4', '-fa: (unset) → on', 'other arguments:  → --new-thing']);
    expect(configChanges(before, before)).toEqual([]);
  });

  it('quotes only the words a shell would split', () => {
    expect(shellLine(['llama-server', '-m', '/models/my model.gguf', '--alias', "it's"])).toBe(`llama-server -m '/models/my model.gguf' --alias 'it'\\''s'`);
  });
});
