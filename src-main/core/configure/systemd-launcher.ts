import { AppError } from '../../../src-shared/errors';
import { parseServerConfig, type ParsedServerConfig } from '../../../src-shared/llama/server-args';
import type { LaunchSettings } from '../../../src-shared/schemas/launch';
import type { ServerConfig } from '../../../src-shared/schemas/server-config';
import { shScriptArgv } from '../hosts/argv';
import { putFileArgv, putHostFile, readHostFile } from '../hosts/host-file';
import { execText, type HostSession } from '../hosts/host-session';
import { joinContainerRun, readCpuOptions, readEnvOptions, splitContainerRun, withCpuOptions, withEnvOptions, type ContainerRunLine } from './container-run-args';
import type { ApplyPlan, Launcher } from './launcher';
import { isSameServerConfig, writeServerArgsLike } from './launch-config';
import { readUnitService, writeDropIn, type UnitService } from './systemd-unit-text';

export type SystemdSettings = Extract<LaunchSettings, { kind: 'systemd' }>;

export interface SystemdLauncherOptions {
  /**
   * The folder holding `UNIT.d/`; default `/etc/systemd/system`, or for a user unit
   * `${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user` as the host resolves it.
   */
  unitDir?: string;
}

/** The name of the workbench's drop-in: between packagers' `10-…` and `systemctl edit`'s `override.conf`. */
export const dropInName = '50-llm-workbench.conf';

interface UnitState {
  service: UnitService;
  execStart: string[];
  execPrefix: string;
  /** Set when ExecStart is `podman run … IMAGE server-args` (or docker). */
  run: ContainerRunLine | null;
  parsed: ParsedServerConfig;
  config: ServerConfig;
  dropInPath: string;
  dropInBefore: string | null;
}

/**
 * The systemd launch method (issue #12): reads the unit with `systemctl cat`, writes the server's
 * command line and environment as a drop-in (`UNIT.d/50-llm-workbench.conf`, resetting ExecStart=
 * and Environment= then setting them in full), then `daemon-reload` and `restart`. An ExecStart
 * that is `podman run … IMAGE args` keeps the container's options and changes the server's
 * arguments after the image and the `--cpus` / `--cpuset-cpus` before it. Roll back puts the
 * previous drop-in back, or removes ours when there was none.
 */
export function createSystemdLauncher(host: HostSession, settings: SystemdSettings, options: SystemdLauncherOptions = {}): Launcher {
  const scope = settings.scope === 'user' ? ['--user'] : [];
  const systemctl = (...args: string[]): string[] => ['systemctl', ...scope, ...args];
  const restartCommands = [systemctl('daemon-reload'), systemctl('restart', settings.unit)];
  let unitDir = options.unitDir;
  const resolveUnitDir = async (): Promise<string> => {
    unitDir ??= settings.scope === 'user' ? `${await hostConfigHome(host)}/systemd/user` : '/etc/systemd/system';
    return unitDir;
  };
  const load = async (): Promise<UnitState> => readUnitState(host, { settings, systemctl, unitDir: await resolveUnitDir() });
  const prepare = async (next: ServerConfig): Promise<{ applyPlan: ApplyPlan; dropIn: string; state: UnitState }> => {
    const state = await load();
    const after = nextExecStart(state, next);
    const dropIn = writeDropIn({ execStart: after.execStart, execPrefix: state.execPrefix, environment: after.environment });
    const files = [{ path: state.dropInPath, before: state.dropInBefore, after: dropIn }];
    return { applyPlan: { argvBefore: state.execStart, argvAfter: after.execStart, files, commands: restartCommands, restarts: true }, dropIn, state };
  };
  return {
    kind: 'systemd',
    read: async () => (await load()).config,
    plan: async (next) => (await prepare(next)).applyPlan,
    async apply(next) {
      const { state, dropIn } = await prepare(next);
      await putHostFile(host, { path: state.dropInPath, content: dropIn, then: restartCommands });
    },
    async restoreCommand(good) {
      const { state, dropIn } = await prepare(good);
      // Restoring what runs now puts the drop-in back byte for byte (or removes ours).
      const content = isSameServerConfig(state.config, good) ? state.dropInBefore : dropIn;
      return putFileArgv({ path: state.dropInPath, content, then: restartCommands });
    },
    async isRunning() {
      return (await host.exec(systemctl('is-active', settings.unit))).exitCode === 0;
    },
    async logTail(lines) {
      const text = await execText(host, ['journalctl', ...scope, '-u', settings.unit, '-n', String(lines), '--no-pager', '-o', 'cat']);
      return text.split('\n').filter((line, index, all) => !(line === '' && index === all.length - 1) && line !== '-- No entries --');
    },
  };
}

async function hostConfigHome(host: HostSession): Promise<string> {
  const home = await execText(host, shScriptArgv('printf %s "${XDG_CONFIG_HOME:-$HOME/.config}"', 'llmwb-config-home'));
  if (!home.startsWith('/')) throw new AppError('remote_command_failed', `Could not find the user's config folder on ${host.label} (got '${home}')`);
  return home;
}

interface ReadContext {
  settings: SystemdSettings;
  systemctl: (...args: string[]) => string[];
  unitDir: string;
}

async function readUnitState(host: HostSession, context: ReadContext): Promise<UnitState> {
  const { settings, systemctl, unitDir } = context;
  const cat = await host.exec(systemctl('cat', settings.unit));
  if (cat.exitCode !== 0) {
    const scopeWord = settings.scope === 'user' ? 'user unit' : 'systemd unit';
    throw new AppError('not_found', `The ${scopeWord} ${settings.unit} does not exist on ${host.label}.`, {
      hint: `systemctl${settings.scope === 'user' ? ' --user' : ''} cat said: ${cat.stderr.trim() || `exit ${String(cat.exitCode)}`}`,
      details: { unit: settings.unit, host: host.label, stderr: cat.stderr.slice(0, 2000) },
    });
  }
  const service = readUnitService(cat.stdout);
  const dropInPath = `${unitDir}/${settings.unit}.d/${dropInName}`;
  assertOneExecStart(service, settings.unit, host.label);
  assertNoLaterExecStart(service, settings.unit);
  const execStart = service.execStarts[0] ?? [];
  const run = splitContainerRun(execStart);
  const parsed = run === null ? parseServerConfig(execStart.slice(1), { env: service.environment }) : parseServerConfig(run.serverArgs, { env: readEnvOptions(run.options) });
  const limits = run === null ? {} : readCpuOptions(run.options);
  const config: ServerConfig = { ...parsed.config, ...(Object.keys(limits).length > 0 ? { container: limits } : {}), launch: { kind: 'systemd', unit: settings.unit } };
  const dropInBefore = await readHostFile(host, dropInPath);
  return { service, execStart, execPrefix: service.execPrefixes[0] ?? '', run, parsed, config, dropInPath, dropInBefore };
}

function assertOneExecStart(service: UnitService, unit: string, hostLabel: string): void {
  if (service.execStarts.length === 1) return;
  throw new AppError('unsupported', `${unit} on ${hostLabel} has ${service.execStarts.length} ExecStart= commands; the workbench changes a unit that runs one.`, {
    details: { files: service.files.map((file) => file.path) },
  });
}

/** A drop-in sorting after ours that sets ExecStart would silently win over the workbench's. */
function assertNoLaterExecStart(service: UnitService, unit: string): void {
  const later = service.execStartFiles.filter((path) => path.includes('.d/') && (path.split('/').pop() ?? '') > dropInName);
  if (later.length === 0) return;
  throw new AppError('conflict', `${later[0] ?? ''} sets ExecStart= for ${unit} after the workbench's drop-in, so a change would not take effect.`, {
    hint: `Move its ExecStart= into the unit (or delete it), then read the configuration again.`,
    details: { files: later },
  });
}

function nextExecStart(state: UnitState, next: ServerConfig): { execStart: string[]; environment: Record<string, string> } {
  const { argv, env } = writeServerArgsLike(next, state.parsed.origins);
  if (state.run === null) {
    if (Object.values(next.container ?? {}).some((limit) => limit !== undefined)) {
      throw new AppError('invalid_input', `${state.execStart[0] ?? 'ExecStart'} runs llama-server directly, not in a container: CPU limits (--cpus, --cpuset-cpus) cannot be set through its unit.`, {
        hint: 'Leave the container limits out, or limit its CPUs with taskset/--cpu-mask.',
      });
    }
    return { execStart: [state.execStart[0] ?? '', ...argv], environment: env };
  }
  const envBefore = readEnvOptions(state.run.options);
  const sameEnv = JSON.stringify(Object.entries(envBefore).sort()) === JSON.stringify(Object.entries(env).sort());
  const options = withCpuOptions(sameEnv ? state.run.options : withEnvOptions(state.run.options, env), next.container);
  return { execStart: joinContainerRun({ ...state.run, options, serverArgs: argv }), environment: state.service.environment };
}
