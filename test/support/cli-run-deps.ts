import { createNodeCore } from '../../src-main/cli/node-core';
import type { RunCommandDeps } from '../../src-main/cli/commands/run';

/**
 * What `llmwb run` gets in tests: the real core on `dataDir` (as the CLI opens it), no SIGINT
 * hook, and a count of how often the core was opened (a rejected run must open none).
 */
export function cliRunDeps(dataDir: string, extra: Partial<RunCommandDeps> = {}): RunCommandDeps & { coresOpened(): number } {
  let opened = 0;
  return {
    defaultDataDir: dataDir,
    openCore: (dir, { secrets }) => {
      opened += 1;
      return createNodeCore({ dataDir: dir, shell: 'cli', secrets });
    },
    onInterrupt: () => () => undefined,
    ...extra,
    coresOpened: () => opened,
  };
}
