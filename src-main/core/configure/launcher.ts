import type { LaunchKind } from '../../../src-shared/schemas/launch';
import type { ServerConfig } from '../../../src-shared/schemas/server-config';

/** One file a launcher writes on the host, before and after (null: absent). */
export interface FileChange {
  path: string;
  before: string | null;
  after: string | null;
}

/** What applying a configuration will do, shown to the user before anything changes. */
export interface ApplyPlan {
  /** The server's command line now and after (argv arrays, unquoted). */
  argvBefore: readonly string[];
  argvAfter: readonly string[];
  /** Files written on the host (a systemd drop-in, a compose override), with their contents. */
  files: FileChange[];
  /** The commands that will run on the host, in order (argv arrays). */
  commands: ReadonlyArray<readonly string[]>;
  /** Every method restarts the server: there is downtime. */
  restarts: true;
}

/**
 * One way a server is launched on its host (process, systemd, container, compose, demo), over a
 * HostSession, argv only. A launcher reads and changes the server's configuration and restarts
 * it; it never decides whether a configuration is good: apply-config.ts does (readiness gate,
 * dead-man timer, roll back).
 */
export interface Launcher {
  readonly kind: LaunchKind;
  /** The configuration the server is launched with now (from its argv, unit, inspect or override). */
  read(): Promise<ServerConfig>;
  /** What applying `next` will change (no side effects). */
  plan(next: ServerConfig): Promise<ApplyPlan>;
  /** Writes `next` and restarts the server with it; resolves once the restart was issued. */
  apply(next: ServerConfig): Promise<void>;
  /**
   * The argv of a command that, run on the host on its own (by the dead-man timer, with the
   * workbench gone), restores `good` and restarts the server with it.
   */
  restoreCommand(good: ServerConfig): Promise<readonly string[]>;
  /** Whether the server process (or unit, or container) is running now. */
  isRunning(): Promise<boolean>;
  /** The server's last log lines, oldest first (empty when it has none). */
  logTail(lines: number): Promise<string[]>;
}
