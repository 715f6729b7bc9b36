import type { Handlers, OperationName, ParsedInput } from '../../src-shared/contract';
import type { LocalFilePurpose } from '../../src-shared/contract/files.contract';
import type { DatasetSpec } from '../../src-shared/schemas/dataset';
import { AppError } from '../../src-shared/errors';

/**
 * How a shell lets the core open files on this machine that a request names (a dataset, an SSH
 * key, an agent socket). The Electron shell supplies one (app/read-grants.ts), because there the
 * request comes from a web page and a page must not read the user's files on its own say-so.
 * Browser mode and the CLI supply none: there the path is typed by the person at the keyboard,
 * about their own machine, and every path is read as given.
 */
export interface LocalFileAccess {
  /** Shows the shell's own open-file dialog; resolves with the chosen path, or undefined when cancelled. */
  pick(purpose: Exclude<LocalFilePurpose, 'agent-socket'>): Promise<string | undefined>;
  /** Whether the user chose `path` (picked it, or agreed when asked); false refuses the whole request. */
  mayRead(path: string, purpose: LocalFilePurpose): Promise<boolean>;
}

export interface LocalPathUse {
  path: string;
  purpose: LocalFilePurpose;
}

function datasetPath(spec: DatasetSpec | undefined): LocalPathUse[] {
  return spec && spec.kind !== 'synthetic' ? [{ path: spec.path, purpose: 'dataset' }] : [];
}

function authPaths(auth: { kind: string; identityPath?: string; socketPath?: string | undefined } | undefined): LocalPathUse[] {
  if (auth?.kind === 'key' && auth.identityPath !== undefined) return [{ path: auth.identityPath, purpose: 'identity' }];
  if (auth?.kind === 'agent' && auth.socketPath !== undefined) return [{ path: auth.socketPath, purpose: 'agent-socket' }];
  return [];
}

/**
 * The local paths an operation's input asks the core to read. Every operation whose input can
 * name a file on this machine is listed here; the rest name none. Paths already in the index
 * (saved hosts, saved plans) were checked when they were saved.
 */
export function localPathsIn<K extends OperationName>(op: K, input: ParsedInput<K>): LocalPathUse[] {
  if (op === 'datasets.inspect') return datasetPath(input as ParsedInput<'datasets.inspect'>);
  if (op === 'runs.start') return datasetPath((input as ParsedInput<'runs.start'>).dataset);
  if (op === 'hosts.update') {
    const target = (input as ParsedInput<'hosts.update'>).target;
    if (target.kind !== 'ssh') return [];
    return [...authPaths(target.auth), ...authPaths(target.jump?.auth)];
  }
  return [];
}

const guardedOps = ['datasets.inspect', 'runs.start', 'hosts.update'] as const satisfies readonly OperationName[];

/**
 * The handlers with `files.pick` bound to the shell's dialog and, when the shell gave `access`,
 * every operation that names a local path refused unless the user chose that path.
 */
export function guardLocalFiles(handlers: Omit<Handlers, 'files.pick'>, access: LocalFileAccess | undefined): Handlers {
  const guarded: Handlers = {
    ...handlers,
    'files.pick': async ({ purpose }) => {
      if (!access) throw new AppError('unsupported', 'Only the desktop app has a file dialog here; type the path instead.');
      return { path: (await access.pick(purpose)) ?? null };
    },
  };
  if (!access) return guarded;
  for (const op of guardedOps) {
    const handler = guarded[op] as (input: unknown) => Promise<unknown>;
    (guarded as Record<string, unknown>)[op] = async (input: ParsedInput<typeof op>) => {
      for (const use of localPathsIn(op, input)) {
        if (!(await access.mayRead(use.path, use.purpose))) {
          throw new AppError('invalid_input', `The app did not read ${use.path}: that file was neither picked nor allowed.`, {
            hint: 'Choose the file with “Browse…”, or allow it when the app asks.',
          });
        }
      }
      return handler(input);
    };
  }
  return guarded;
}
