import { AppError } from '../../../src-shared/errors';
import { parseServerConfig, writeServerArgs } from '../../../src-shared/llama/server-args';
import type { LaunchSettings } from '../../../src-shared/schemas/launch';
import { Id } from '../../../src-shared/schemas/ids';
import { ServerConfig } from '../../../src-shared/schemas/server-config';
import { execText, type HostSession } from '../hosts/host-session';
import { homeArgv, logTailArgv, restartArgv, statusArgv } from './host-scripts';
import type { ApplyPlan, Launcher } from './launcher';

export type ProcessLaunchSettings = Extract<LaunchSettings, { kind: 'process' }>;

export interface ProcessLauncherOptions {
  /** Names the default state folder ~/.local/state/llm-workbench/<id> (the endpoint's id). */
  id?: string;
  /** Seconds between TERM and KILL when stopping the server; default 10. */
  graceSeconds?: number;
}

/** A launcher that also says where its files live on the host (pid, log, launch.json, snapshots). */
export interface ProcessLauncher extends Launcher {
  readonly kind: 'process';
  /** The state folder on the host (absolute; $HOME resolved once). */
  stateDir(): Promise<string>;
}

const defaultGraceSeconds = 10;

/**
 * The `process` launch method: the workbench starts and owns llama-server on the host. The server
 * runs detached in its own session and process group (setsid), with a pid file, a log file and
 * the configuration it was started with (launch.json) in its state folder; stopping it signals
 * the group (TERM, then KILL after the grace). Argv only: every value reaches the host's shell
 * as a positional parameter of a constant script (host-scripts.ts). With `adoptedPid`, a server
 * the user agreed to hand over is read from /proc/<pid>/cmdline and stopped by pid on first apply.
 */
export function createProcessLauncher(session: HostSession, settings: ProcessLaunchSettings, options: ProcessLauncherOptions = {}): ProcessLauncher {
  const graceSeconds = options.graceSeconds ?? defaultGraceSeconds;
  const binary = settings.argv[0] ?? '';
  if (binary.includes('=')) throw new AppError('invalid_input', `the server binary "${binary}" cannot contain "=" (env would read it as a variable)`);
  let resolvedDir: Promise<string> | undefined;
  // Resolved once; a failed resolve (the link was down) is tried again next time.
  const stateDir = (): Promise<string> =>
    (resolvedDir ??= resolveStateDir(session, settings, options.id).catch((error: unknown) => {
      resolvedDir = undefined;
      throw error;
    }));
  const restoreArgv = async (config: ServerConfig): Promise<string[]> => {
    const dir = await stateDir();
    const command = serverCommand(binary, settings.env, config);
    return restartArgv({ stateDir: dir, graceSeconds, cwd: settings.cwd ?? dir, configJson: JSON.stringify(config), adoptedPid: settings.adoptedPid, command });
  };
  const status = async (): Promise<{ isRunning: boolean; launched: ServerConfig | undefined }> => {
    const text = await execText(session, statusArgv(await stateDir(), settings.adoptedPid));
    const [head = '', ...rest] = text.split('\n--\n');
    const launched = rest.join('\n--\n').trim();
    return { isRunning: head.startsWith('running '), launched: launched === '' ? undefined : parseLaunched(launched) };
  };
  const read = async (): Promise<ServerConfig> => {
    const { launched } = await status();
    if (launched !== undefined) return launched;
    // An adopted server not yet restarted runs settings.argv, which (keepApiKeysOnHost) names
    // the key file instead of the key its /proc command line still shows.
    return parseServerConfig(settings.argv.slice(1), { env: settings.env }).config;
  };
  return {
    kind: 'process',
    stateDir,
    read,
    async plan(next): Promise<ApplyPlan> {
      const current = await read();
      const argvBefore = [binary, ...writeServerArgs(current).argv];
      const argvAfter = [binary, ...writeServerArgs(next).argv];
      return { argvBefore, argvAfter, files: [], commands: [await restoreArgv(next)], restarts: true };
    },
    async apply(next) {
      await execText(session, await restoreArgv(next), { timeoutMs: (graceSeconds + 20) * 1000 });
    },
    restoreCommand: restoreArgv,
    isRunning: async () => (await status()).isRunning,
    async logTail(lines) {
      const text = await execText(session, logTailArgv(await stateDir(), lines));
      return text.split('\n').filter((line) => line !== '');
    },
  };
}

/** `env NAME=VALUE … binary args…`: the launch settings' environment, then the configuration's. */
export function serverCommand(binary: string, baseEnv: Readonly<Record<string, string>>, config: ServerConfig): string[] {
  const written = writeServerArgs(config);
  const env = { ...baseEnv, ...written.env };
  return ['env', ...Object.entries(env).map(([name, value]) => `${name}=${value}`), binary, ...written.argv];
}

function parseLaunched(text: string): ServerConfig {
  try {
    return ServerConfig.parse(JSON.parse(text));
  } catch {
    throw new AppError('parse_error', 'the launch.json the workbench wrote on the host is damaged; apply a configuration to rewrite it');
  }
}

async function resolveStateDir(session: HostSession, settings: ProcessLaunchSettings, id: string | undefined): Promise<string> {
  if (settings.stateDir !== undefined) return settings.stateDir;
  if (id === undefined || !Id.safeParse(id).success) throw new AppError('invalid_input', 'a process launcher needs a stateDir or an endpoint id to name its folder');
  const home = (await execText(session, homeArgv)).trim();
  if (!home.startsWith('/')) throw new AppError('remote_command_failed', `$HOME on ${session.label} is not an absolute path ("${home}")`);
  return `${home.replace(/\/+$/, '')}/.local/state/llm-workbench/${id}`;
}

/** A running server's argv (from /proc/<pid>/cmdline) and the configuration it states. */
export async function readRunningArgv(session: HostSession, pid: number): Promise<{ argv: string[]; config: ServerConfig }> {
  const text = await execText(session, ['cat', `/proc/${pid}/cmdline`]);
  const argv = text.split('\0');
  if (argv.at(-1) === '') argv.pop();
  if (argv.length === 0) throw new AppError('not_found', `process ${pid} on ${session.label} has no command line (did it exit?)`);
  return { argv, config: parseServerConfig(argv.slice(1)).config };
}

/**
 * Launch settings that adopt the llama-server running as `pid`: its argv and working directory,
 * read from /proc. The caller has the user's consent: the first apply stops that process and
 * starts the server under the workbench's management. The argv holds whatever the owner typed,
 * secrets included (the server needs its --api-key to restart).
 */
export async function adoptRunningServer(session: HostSession, pid: number): Promise<ProcessLaunchSettings> {
  const { argv } = await readRunningArgv(session, pid);
  const cwd = (await execText(session, ['readlink', `/proc/${pid}/cwd`]).catch(() => '')).trim();
  return { kind: 'process', argv, env: {}, adoptedPid: pid, ...(cwd.startsWith('/') ? { cwd } : {}) };
}
