import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';

/** The encrypted secrets, by secret id, as kept on disk (each value is base64 of safeStorage's output). */
export type SecretsRecord = Record<string, string>;

export interface SecretsFile {
  /** The stored secrets; {} when there is no file yet. A corrupt file is moved aside first (see openSecretsFile). */
  read(): Promise<SecretsRecord>;
  /** Replaces the file atomically (temp file + rename), readable by this user only. */
  write(all: SecretsRecord): Promise<void>;
}

function isSecretsRecord(value: unknown): value is SecretsRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((entry) => typeof entry === 'string');
}

/** The record the text holds, or why it is not a secrets file. */
function parseSecretsText(text: string): { reason: string } | { record: SecretsRecord } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { reason: `not valid JSON: ${(error as Error).message}` };
  }
  return isSecretsRecord(value) ? { record: value } : { reason: 'not an object of encrypted strings' };
}

/** `secrets.corrupt-2025-01-31T10-00-00-000Z.json` beside the file, the way the index is moved aside. */
export function corruptSecretsName(file: string, now: Date): string {
  const extension = extname(file);
  const stem = basename(file, extension);
  return join(dirname(file), `${stem}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}${extension || '.json'}`);
}

/**
 * The secrets file of the Electron shell. A file that cannot be parsed is never overwritten:
 * it is renamed aside under a dated name and `onNotice` says where it went, and only then does
 * the store start empty — so the user can still recover the secrets it held, which a plain
 * "treat as empty, write back" would have destroyed on the next save. A file that exists but
 * cannot be read (permissions, a folder in its place) is an error, not an empty store.
 */
export function openSecretsFile(file: string, onNotice: (message: string) => void): SecretsFile {
  return {
    async read() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
        throw new Error(`The secrets file ${file} could not be read: ${(error as Error).message}`, { cause: error });
      }
      const parsed = parseSecretsText(text);
      if ('record' in parsed) return parsed.record;
      const aside = corruptSecretsName(file, new Date());
      await rename(file, aside);
      onNotice(`The stored secrets could not be read (${parsed.reason}). The file was moved to ${aside}; saved passwords and passphrases must be entered again.`);
      return {};
    },
    async write(all) {
      await mkdir(dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, JSON.stringify(all), { mode: 0o600 });
      await rename(temp, file);
    },
  };
}
