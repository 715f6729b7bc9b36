import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(__dirname, '../../..');
const cliDir = join(repoRoot, 'src-main', 'cli');
const coreDir = join(repoRoot, 'src-main', 'core');

async function boundaryErrors(code: string, filePath: string) {
  const eslint = new ESLint({ cwd: repoRoot });
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot, filePath) });
  return result!.messages.filter((message) => message.ruleId === 'import-x/no-restricted-paths');
}

async function cliFiles(dir = cliDir): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((entry) => (entry.isDirectory() ? cliFiles(join(dir, entry.name)) : Promise.resolve(entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []))));
  return nested.flat();
}

/** Every relative module a file imports or re-exports, resolved to a path without extension. */
function importedPaths(file: string, text: string): string[] {
  // `… from '…'`, a bare `import '…'` and a dynamic `import('…')`.
  const specifiers = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(?\s*)['"](\.[^'"]+)['"]/g)].map((match) => match[1]!);
  return specifiers.map((specifier) => resolve(dirname(file), specifier).replace(/\.ts$/, ''));
}

describe('one composition root: the CLI reaches the core only through src-main/core/index.ts', () => {
  it('refuses a CLI command that imports a core internal, and says where to import from', async () => {
    const errors = await boundaryErrors("import { openStore } from '../../core/store/store';\nexport const open = openStore;\n", 'src-main/cli/commands/new-command.ts');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain('import from src-main/core/index.ts');
  });

  it('refuses a type-only import of a core internal from a file at the CLI root too', async () => {
    const errors = await boundaryErrors("import type { HostSession } from '../core/hosts/host-session';\nexport type Session = HostSession;\n", 'src-main/cli/new-helper.ts');
    expect(errors).toHaveLength(1);
  });

  it('lets a CLI command import the core entry, src-shared and the other shells', async () => {
    const code = [
      "import { createCore, type Core } from '../../core/index';",
      "import { AppError } from '../../../src-shared/errors';",
      "import { startBrowserServer } from '../../serve/browser-server';",
      'export const parts = [createCore, AppError, startBrowserServer] as unknown as Core;',
    ].join('\n');
    expect(await boundaryErrors(code, 'src-main/cli/commands/new-command.ts')).toEqual([]);
  });

  it('finds no CLI file importing from the core other than its entry', async () => {
    const offenders: string[] = [];
    for (const file of await cliFiles()) {
      const name = relative(cliDir, file);
      const internal = importedPaths(file, await readFile(file, 'utf8')).filter((path) => path.startsWith(`${coreDir}/`) && path !== join(coreDir, 'index'));
      offenders.push(...internal.map((path) => `${name} → ${relative(repoRoot, path)}`));
    }
    expect(offenders).toEqual([]);
  });

  it('finds no CLI command that builds a core piece of its own', async () => {
    const builders = /new EventBus\(|createRunService\(|openStore\(|openHostSession\(|createKnownHostsFile\(/;
    const offenders: string[] = [];
    for (const file of await cliFiles()) {
      const name = relative(cliDir, file);
      if (builders.test(await readFile(file, 'utf8'))) offenders.push(name);
    }
    expect(offenders).toEqual([]);
  });
});
