import type { CliIo } from './args';
import { serveCommand, serveUsage } from './commands/serve';

export interface CommandEntry {
  name: string;
  usage: string;
  summary: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

/** Every CLI command, in the order `llmwb help` lists them. */
export const commands: CommandEntry[] = [
  { name: 'serve', usage: serveUsage, summary: 'Browser mode: the app on 127.0.0.1 with a session token', run: serveCommand },
];
