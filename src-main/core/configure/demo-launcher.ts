import { writeServerArgs } from '../../../src-shared/llama/server-args';
import type { ServerConfig } from '../../../src-shared/schemas/server-config';
import type { Launcher } from './launcher';

/** What the demo launcher needs of the core's demo controller (core/index.ts, `core.demo`). */
export interface DemoControl {
  status(): { running: boolean; url?: string; config?: ServerConfig };
  /** Runs the demo with `config` (restarting it on a new port), or rejects saying why, leaving the old one running. */
  ensure(config: ServerConfig): Promise<string>;
}

/** The demo launcher also tells where the demo answers now: each restart takes a fresh port. */
export interface DemoLauncher extends Launcher {
  readonly kind: 'demo';
  url(): string | undefined;
}

const logLimit = 40;

/**
 * The `demo` launch method: the built-in demo server, run inside the workbench by its demo
 * controller. Its "log" is the controller's refusals, one line each. It lives and dies with the
 * workbench, so nothing on a host can restore it or needs to: its restore command is `true`, and
 * a dead-man timer armed for it does nothing when it fires.
 */
export function createDemoLauncher(demo: DemoControl): DemoLauncher {
  const log: string[] = [];
  const argvOf = (config: ServerConfig): string[] => ['llmwb', 'demo-server', ...writeServerArgs(config).argv];
  const current = (): ServerConfig => demo.status().config ?? { flags: {} };
  return {
    kind: 'demo',
    url: () => demo.status().url,
    read: async () => current(),
    plan: async (next) => ({ argvBefore: argvOf(current()), argvAfter: argvOf(next), files: [], commands: [], restarts: true }),
    async apply(next) {
      try {
        await demo.ensure(next);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log.push(...message.split('\n'));
        log.splice(0, Math.max(0, log.length - logLimit));
        throw error;
      }
    },
    restoreCommand: async () => ['true'],
    isRunning: async () => demo.status().running,
    logTail: async (lines) => log.slice(-lines),
  };
}
