import { safeStorage } from 'electron';
import type { Secrets } from '../core/store/secrets';
import { openSecretsFile, type SecretsRecord } from './secrets-file';

/**
 * Secrets (API keys, SSH passphrases and passwords) are encrypted with the OS keychain via
 * safeStorage and kept in their own file, never in the JSON index. When the OS offers no
 * encryption the secret is refused rather than written in clear. A corrupt file is moved aside
 * with a notice (secrets-file.ts), never overwritten. Changes run one at a time, so two saves
 * in flight cannot each write back a copy that lacks the other's secret.
 */
export function createSafeStorageSecrets(file: string, onNotice: (message: string) => void): Secrets {
  const store = openSecretsFile(file, onNotice);
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };
  const change = (edit: (all: SecretsRecord) => boolean) =>
    serial(async () => {
      const all = await store.read();
      if (edit(all)) await store.write(all);
    });
  return {
    isPersistent: true,
    async set(key, value) {
      if (!safeStorage.isEncryptionAvailable()) throw new Error('This system offers no secure storage for secrets; the secret was not saved.');
      const encrypted = safeStorage.encryptString(value).toString('base64');
      await change((all) => {
        all[key] = encrypted;
        return true;
      });
    },
    async get(key) {
      const encrypted = (await serial(() => store.read()))[key];
      return encrypted === undefined ? undefined : safeStorage.decryptString(Buffer.from(encrypted, 'base64'));
    },
    async remove(key) {
      await change((all) => {
        if (!Object.hasOwn(all, key)) return false;
        delete all[key];
        return true;
      });
    },
  };
}
