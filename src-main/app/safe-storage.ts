import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { safeStorage } from 'electron';
import type { Secrets } from '../core/store/secrets';

/**
 * Secrets (API keys, SSH passphrases and passwords) are encrypted with the OS keychain via
 * safeStorage and kept in their own file, never in the JSON index. When the OS offers no
 * encryption the secret is refused rather than written in clear.
 */
export function createSafeStorageSecrets(file: string): Secrets {
  const load = async (): Promise<Record<string, string>> => {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  };
  const save = async (all: Record<string, string>): Promise<void> => {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(all), { mode: 0o600 });
  };
  return {
    isPersistent: true,
    async set(key, value) {
      if (!safeStorage.isEncryptionAvailable()) throw new Error('This system offers no secure storage for secrets; the secret was not saved.');
      const all = await load();
      all[key] = safeStorage.encryptString(value).toString('base64');
      await save(all);
    },
    async get(key) {
      const encrypted = (await load())[key];
      return encrypted === undefined ? undefined : safeStorage.decryptString(Buffer.from(encrypted, 'base64'));
    },
    async remove(key) {
      const all = await load();
      if (!(key in all)) return;
      delete all[key];
      await save(all);
    },
  };
}
