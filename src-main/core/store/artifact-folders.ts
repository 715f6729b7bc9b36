import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError, formatZodIssues } from '../../../src-shared/errors';
import { Id } from '../../../src-shared/schemas/ids';
import { writeJsonAtomically } from './json-file';
import { readTextIfExists } from './read-if-exists';

/**
 * Every kind of artifact the store keeps, each as one folder per item, named by its id, under
 * `<dataDir>/<folder>/`. Runs and bench runs exist today; configuration snapshots, diagnosis
 * sessions and reports are the tuning loop's (issue #11) and get their folders here too.
 */
export const artifactKinds = {
  runs: 'runs',
  bench: 'bench',
  configs: 'configs',
  diagnoses: 'diagnoses',
  reports: 'reports',
} as const;
export type ArtifactKind = keyof typeof artifactKinds;

/** One kind's folders: where they live, and their JSON files read and written with a schema. */
export interface ArtifactFolders {
  readonly kind: ArtifactKind;
  /** `<dataDir>/<kind's folder>`. */
  readonly dir: string;
  /** The folder of one item. Throws invalid_input for an id that is not one (ids never reach a path unchecked). */
  folderOf(id: string): string;
  /** Creates the item's folder (and the kind's) if missing; returns it. */
  create(id: string): Promise<string>;
  /** Ids of the items present, sorted (ids sort by creation time); names that are not ids are skipped. */
  list(): Promise<string[]>;
  /**
   * The item's `file`, parsed and checked against `schema`; undefined when the file (or the
   * item) does not exist; store_corrupt, naming the file, when it is not JSON or not that shape.
   */
  readJson<T>(id: string, file: string, schema: z.ZodType<T>): Promise<T | undefined>;
  /** Writes `file` in the item's folder atomically (temp file + rename), creating the folder. */
  writeJson(id: string, file: string, value: unknown): Promise<void>;
}

/** The folders of one artifact kind in a data folder. */
export function artifactFolders(dataDir: string, kind: ArtifactKind): ArtifactFolders {
  const dir = join(dataDir, artifactKinds[kind]);
  const folderOf = (id: string): string => {
    if (!Id.safeParse(id).success) throw new AppError('invalid_input', `"${id}" is not an id (letters, digits, _ and - only)`);
    return join(dir, id);
  };
  return {
    kind,
    dir,
    folderOf,
    async create(id) {
      const folder = folderOf(id);
      await mkdir(folder, { recursive: true });
      return folder;
    },
    async list() {
      const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [];
        throw error;
      });
      return names.filter((name) => Id.safeParse(name).success).sort();
    },
    readJson: (id, file, schema) => readJsonFile(join(folderOf(id), file), schema),
    async writeJson(id, file, value) {
      await mkdir(folderOf(id), { recursive: true });
      await writeJsonAtomically(join(folderOf(id), file), value);
    },
  };
}

/** A JSON file checked against `schema`; undefined when missing; store_corrupt when damaged. */
export async function readJsonFile<T>(path: string, schema: z.ZodType<T>): Promise<T | undefined> {
  const text = await readTextIfExists(path);
  if (text === undefined) return undefined;
  try {
    return schema.parse(JSON.parse(text));
  } catch (error) {
    const reason = error instanceof z.ZodError ? formatZodIssues(error) : 'not valid JSON';
    throw new AppError('store_corrupt', `${path} is damaged (${reason})`);
  }
}
