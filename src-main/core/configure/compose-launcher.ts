import { AppError } from '../../../src-shared/errors';
import { parseServerConfig, type ParsedServerConfig } from '../../../src-shared/llama/server-args';
import type { LaunchSettings } from '../../../src-shared/schemas/launch';
import type { ServerConfig } from '../../../src-shared/schemas/server-config';
import { putFileArgv, putHostFile, readHostFile } from '../hosts/host-file';
import { execText, type HostSession } from '../hosts/host-session';
import { readComposeService, writeComposeOverride, type ComposeService } from './compose-service';
import { isSameServerConfig, writeServerArgsLike } from './launch-config';
import type { ApplyPlan, Launcher } from './launcher';

export type ComposeSettings = Extract<LaunchSettings, { kind: 'compose' }>;

interface ComposeState {
  /** The user's file alone, and with the override over it (what runs). */
  user: ComposeService;
  effective: ComposeService;
  parsed: ParsedServerConfig;
  config: ServerConfig;
  overrideBefore: string | null;
}

/** The override's path: beside the user's file, named after it (`compose.yaml` → `compose.llmwb-override.yaml`). */
export function composeOverridePath(file: string): string {
  const slash = file.lastIndexOf('/');
  const stem = file.slice(slash + 1).replace(/\.ya?ml$/, '');
  return `${file.slice(0, slash)}/${stem}.llmwb-override.yaml`;
}

/**
 * The compose launch method (issue #12): changes a service's `command:` (and environment and CPU
 * limits where they change) through an override file beside the user's compose file, which it
 * never rewrites, then `docker compose -f FILE -f OVERRIDE up -d SERVICE`. Roll back puts the
 * previous override back, or removes it and brings the service up from the user's file alone.
 */
export function createComposeLauncher(host: HostSession, settings: ComposeSettings): Launcher {
  const overridePath = composeOverridePath(settings.file);
  const compose = (withOverride: boolean, ...args: string[]): string[] => [
    settings.runtime, 'compose', ...(settings.project === undefined ? [] : ['--project-name', settings.project]),
    '-f', settings.file, ...(withOverride ? ['-f', overridePath] : []), ...args,
  ];
  const up = (withOverride: boolean): string[] => compose(withOverride, 'up', '-d', settings.service);
  const prepare = async (next: ServerConfig): Promise<{ applyPlan: ApplyPlan; state: ComposeState; override: string }> => {
    const state = await readComposeState(host, settings, overridePath);
    const { argv, env } = writeServerArgsLike(next, state.parsed.origins);
    const command = [...state.effective.program, ...argv];
    const cpu = next.container ?? state.effective.cpu;
    const override = writeComposeOverride({ service: settings.service, userFile: settings.file, command, env, userEnv: state.user.env, cpu, userCpu: state.user.cpu });
    const applyPlan: ApplyPlan = {
      argvBefore: [...state.effective.program, ...state.effective.serverArgs],
      argvAfter: command,
      files: [{ path: overridePath, before: state.overrideBefore, after: override }],
      commands: [up(true)],
      restarts: true,
    };
    return { applyPlan, state, override };
  };
  return {
    kind: 'compose',
    read: async () => (await readComposeState(host, settings, overridePath)).config,
    plan: async (next) => (await prepare(next)).applyPlan,
    async apply(next) {
      const { override } = await prepare(next);
      await putHostFile(host, { path: overridePath, content: override, then: [up(true)] });
    },
    async restoreCommand(good) {
      const { state, override } = await prepare(good);
      // Restoring what runs now puts the override back byte for byte (or removes it).
      const content = isSameServerConfig(state.config, good) ? state.overrideBefore : override;
      return putFileArgv({ path: overridePath, content, then: [up(content !== null)] });
    },
    async isRunning() {
      const result = await host.exec(compose(false, 'ps', '--status', 'running', '--quiet', settings.service));
      return result.exitCode === 0 && result.stdout.trim() !== '';
    },
    async logTail(lines) {
      const text = await execText(host, compose(false, 'logs', '--no-color', '--no-log-prefix', '--tail', String(lines), settings.service));
      return text.split('\n').filter((line, index, all) => !(line === '' && index === all.length - 1));
    },
  };
}

async function readComposeState(host: HostSession, settings: ComposeSettings, overridePath: string): Promise<ComposeState> {
  const userText = await readHostFile(host, settings.file);
  if (userText === null) {
    throw new AppError('not_found', `The compose file ${settings.file} does not exist on ${host.label}.`, { details: { file: settings.file, host: host.label } });
  }
  const overrideBefore = await readHostFile(host, overridePath);
  const where = `${settings.file} on ${host.label}`;
  const user = readComposeService({ userText, overrideText: null, service: settings.service, where });
  const effective = readComposeService({ userText, overrideText: overrideBefore, service: settings.service, where });
  const parsed = parseServerConfig(effective.serverArgs, { env: effective.env });
  const container = Object.keys(effective.cpu).length > 0 ? { container: effective.cpu } : {};
  const project = settings.project === undefined ? {} : { project: settings.project };
  const config: ServerConfig = { ...parsed.config, ...container, launch: { kind: 'compose', service: settings.service, ...project } };
  return { user, effective, parsed, config, overrideBefore };
}
