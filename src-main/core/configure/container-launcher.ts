import { AppError } from '../../../src-shared/errors';
import { parseServerConfig, type ParsedServerConfig } from '../../../src-shared/llama/server-args';
import type { LaunchSettings } from '../../../src-shared/schemas/launch';
import type { ServerConfig } from '../../../src-shared/schemas/server-config';
import { shScriptArgv } from '../hosts/argv';
import { execText, type HostSession } from '../hosts/host-session';
import { containerRunArgv, readContainerRunSpec, type ContainerRunSpec } from './container-run-spec';
import { isSameServerConfig, writeServerArgsLike } from './launch-config';
import type { ApplyPlan, Launcher } from './launcher';

export type ContainerSettings = Extract<LaunchSettings, { kind: 'container' }>;

/** The suffix of the old container's name while the new one proves itself. */
export const previousSuffix = '-llmwb-prev';

interface ContainerState {
  spec: ContainerRunSpec;
  parsed: ParsedServerConfig;
  config: ServerConfig;
}

// $1 runtime, $2 name, $3 id of the container to bring back. Puts that very container (by id)
// back under its name and starts it, removing whatever holds the name now.
const swapBackScript = [
  'rt=$1 name=$2 id=$3',
  `current=$("$rt" inspect --type container --format '{{.Id}}' "$name" 2>/dev/null) || current=`,
  'if [ "$current" = "$id" ]; then exec "$rt" start "$name"; fi',
  `"$rt" inspect --type container --format '{{.Id}}' "$id" >/dev/null 2>&1 || { echo "the container $id to restore is gone" >&2; exit 3; }`,
  'if [ -n "$current" ]; then "$rt" rm --force "$name" >/dev/null || exit 1; fi',
  '"$rt" rename "$id" "$name" && exec "$rt" start "$name"',
].join('\n');

// $1 runtime, $2 name, then the run argv: replaces the container of that name with a new one.
const replaceScript = '"$1" rm --force "$2" >/dev/null 2>&1; shift 2; exec "$@"';

/**
 * The container launch method (issue #12), docker or podman: reads `inspect`, and applies by
 * creating the container again with the new server arguments and CPU limits, keeping its image,
 * mounts, devices, ports, environment and the other options container-run-spec.ts keeps. The old
 * container stays, stopped and renamed NAME-llmwb-prev, until the next apply; roll back removes
 * the new one, renames the old one back and starts it.
 */
export function createContainerLauncher(host: HostSession, settings: ContainerSettings): Launcher {
  const rt = settings.runtime;
  const previousName = `${settings.name}${previousSuffix}`;
  const load = (): Promise<ContainerState> => readContainerState(host, settings);
  const prepare = async (next: ServerConfig): Promise<{ applyPlan: ApplyPlan; state: ContainerState; runArgv: string[] }> => {
    const state = await load();
    const runArgv = nextRunArgv(state, next, settings);
    const before = containerRunArgv(rt, state.spec, { name: settings.name, serverArgs: state.spec.serverArgs, env: state.spec.env, cpu: state.spec.cpu });
    const hasPrevious = (await host.exec(idOf(rt, previousName))).exitCode === 0;
    const commands = [...(hasPrevious ? [[rt, 'rm', '--force', previousName]] : []), [rt, 'stop', settings.name], [rt, 'rename', settings.name, previousName], runArgv];
    return { applyPlan: { argvBefore: before, argvAfter: runArgv, files: [], commands, restarts: true }, state, runArgv };
  };
  return {
    kind: 'container',
    read: async () => (await load()).config,
    plan: async (next) => (await prepare(next)).applyPlan,
    async apply(next) {
      const { applyPlan, state } = await prepare(next);
      const runArgv = applyPlan.commands[applyPlan.commands.length - 1] ?? [];
      for (const command of applyPlan.commands.slice(0, -1)) await execText(host, command, { timeoutMs: 120_000 });
      try {
        await execText(host, runArgv, { timeoutMs: 120_000 });
      } catch (error) {
        // A run that fails (a bad option, a port taken) must not leave the server down: the old
        // container goes straight back, and the error says why the new one did not start.
        await host.exec(shScriptArgv(swapBackScript, 'llmwb-container-restore', [rt, settings.name, state.spec.id]), { timeoutMs: 120_000 });
        throw error;
      }
    },
    async restoreCommand(good) {
      const { state, runArgv } = await prepare(good);
      if (isSameServerConfig(state.config, good)) return shScriptArgv(swapBackScript, 'llmwb-container-restore', [rt, settings.name, state.spec.id]);
      return shScriptArgv(replaceScript, 'llmwb-container-replace', [rt, settings.name, ...runArgv]);
    },
    async isRunning() {
      const result = await host.exec([rt, 'inspect', '--type', 'container', '--format', '{{.State.Running}}', settings.name]);
      return result.exitCode === 0 && result.stdout.trim() === 'true';
    },
    async logTail(lines) {
      // llama-server logs to stderr; 2>&1 keeps both streams in the order they were written.
      const text = await execText(host, shScriptArgv('exec "$@" 2>&1', 'llmwb-logs', [rt, 'logs', '--tail', String(lines), settings.name]));
      return text.split('\n').filter((line, index, all) => !(line === '' && index === all.length - 1));
    },
  };
}

const idOf = (rt: string, name: string): string[] => [rt, 'inspect', '--type', 'container', '--format', '{{.Id}}', name];

async function readContainerState(host: HostSession, settings: ContainerSettings): Promise<ContainerState> {
  const inspect = await host.exec([settings.runtime, 'inspect', '--type', 'container', settings.name]);
  if (inspect.exitCode !== 0) {
    throw new AppError('not_found', `There is no ${settings.runtime} container named ${settings.name} on ${host.label}.`, {
      hint: `${settings.runtime} inspect said: ${inspect.stderr.trim() || `exit ${String(inspect.exitCode)}`}`,
      details: { container: settings.name, host: host.label, stderr: inspect.stderr.slice(0, 2000) },
    });
  }
  const spec = readContainerRunSpec(inspect.stdout, settings.runtime);
  const parsed = parseServerConfig(spec.serverArgs, { env: spec.env });
  const container = Object.keys(spec.cpu).length > 0 ? { container: spec.cpu } : {};
  const config: ServerConfig = { ...parsed.config, ...container, launch: { kind: 'container', containerId: spec.id, image: spec.image } };
  return { spec, parsed, config };
}

function nextRunArgv(state: ContainerState, next: ServerConfig, settings: ContainerSettings): string[] {
  const { argv, env } = writeServerArgsLike(next, state.parsed.origins);
  return containerRunArgv(settings.runtime, state.spec, { name: settings.name, serverArgs: argv, env, cpu: next.container ?? state.spec.cpu });
}
