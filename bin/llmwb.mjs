#!/usr/bin/env node
// The CLI runs the TypeScript core through tsx, so the same sources serve the CLI, the tests
// and browser mode without a separate Node build.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src-main/cli/main.ts');
const io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};
// Exit explicitly: a command that has returned must not linger on a stray handle.
process.exit(await main(process.argv.slice(2), io));
