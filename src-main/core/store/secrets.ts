/**
 * Where passwords and SSH passphrases live: never in the JSON index, which holds only their
 * ids. The Electron shell implements this with the OS keychain (app/safe-storage.ts); browser
 * mode, the CLI and tests use the memory store below, so a secret there lasts until the process
 * ends — `isPersistent` lets the UI say so.
 */
export interface Secrets {
  readonly isPersistent: boolean;
  get(secretId: string): Promise<string | undefined>;
  set(secretId: string, value: string): Promise<void>;
  remove(secretId: string): Promise<void>;
}

/** Secrets held in this process's memory only. */
export function createMemorySecrets(): Secrets {
  const values = new Map<string, string>();
  return {
    isPersistent: false,
    get: async (secretId) => values.get(secretId),
    set: async (secretId, value) => {
      values.set(secretId, value);
    },
    remove: async (secretId) => {
      values.delete(secretId);
    },
  };
}
