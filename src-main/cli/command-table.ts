import { resolve } from 'node:path';
import { createNodeCore } from './node-core';
import { defaultDataDir } from '../core/index';
import type { CliIo } from './args';
import { benchCompareCommand, benchCompareUsage } from './commands/bench-compare';
import { benchImportCommand, benchImportUsage } from './commands/bench-import';
import { benchRunCommand, benchRunUsage } from './commands/bench-run';
import { configCommand, configSummary, configUsage } from './commands/config';
import { demoServerCommand, demoServerUsage } from './commands/demo-server';
import { diagnoseCommand, diagnoseSummary, diagnoseUsage } from './commands/diagnose';
import { inventoryCommand, inventoryUsage } from './commands/inventory';
import { runCommand, runSummaryText, runUsage } from './commands/run';
import { serveCommand, serveUsage } from './commands/serve';
import { telemetryCommand, telemetryUsage } from './commands/telemetry';

export interface CommandEntry {
  name: string;
  usage: string;
  summary: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

/** `--data-dir DIR` or `--data-dir=DIR` anywhere in argv, else the default data folder. */
function dataDirFrom(argv: readonly string[]): string {
  const index = argv.findIndex((arg) => arg === '--data-dir' || arg.startsWith('--data-dir='));
  if (index < 0) return defaultDataDir();
  const arg = argv[index]!;
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[index + 1];
  return value ? resolve(value) : defaultDataDir();
}

async function benchCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  const dataDir = dataDirFrom(rest);
  if (sub === 'import') return benchImportCommand(rest, io, { dataDir });
  if (sub === 'compare') return benchCompareCommand(rest, io, { dataDir });
  // `llmwb bench --host … --model …` (or `bench run …`) runs llama-bench on a host.
  if (sub === 'run') return benchRunCommand(rest, io, { dataDir });
  if (sub !== undefined && sub.startsWith('-')) return benchRunCommand(argv, io, { dataDir: dataDirFrom(argv) });
  io.err(`usage:\n  ${benchRunUsage}\n  ${benchImportUsage}\n  ${benchCompareUsage}`);
  return 2;
}

/** Every CLI command, in the order `llmwb help` lists them. */
export const commands: CommandEntry[] = [
  {
    name: 'run',
    usage: runUsage,
    summary: runSummaryText,
    run: (argv, io) =>
      runCommand(argv, io, {
        defaultDataDir: defaultDataDir(),
        openCore: (dataDir, { secrets }) => createNodeCore({ dataDir, shell: 'cli', secrets }),
        ...(process.stderr.isTTY ? { tty: { write: (text: string) => process.stderr.write(text) } } : {}),
      }),
  },
  { name: 'demo-server', usage: demoServerUsage, summary: 'The built-in demo inference server, with llama-server flags', run: (argv, io) => demoServerCommand(argv, io) },
  { name: 'serve', usage: serveUsage, summary: 'Browser mode: the app on 127.0.0.1 with a session token', run: serveCommand },
  { name: 'inventory', usage: inventoryUsage, summary: 'What a host is: CPUs, memory, GPUs, container limits, the running server', run: inventoryCommand },
  { name: 'telemetry', usage: telemetryUsage, summary: 'Stream per-core, memory and GPU samples from a host', run: telemetryCommand },
  { name: 'config', usage: configUsage, summary: configSummary, run: (argv, io) => configCommand(argv, io, { dataDir: dataDirFrom(argv) }) },
  { name: 'diagnose', usage: diagnoseUsage, summary: diagnoseSummary, run: (argv, io) => diagnoseCommand(argv, io, { dataDir: dataDirFrom(argv) }) },
  { name: 'bench', usage: `${benchRunUsage}\n  ${benchImportUsage}\n  ${benchCompareUsage}`, summary: 'Run llama-bench on a host, import and compare its results', run: benchCommand },
];
