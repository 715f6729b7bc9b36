import { resolve } from 'node:path';
import type { LocalFilePurpose } from '../../src-shared/contract/files.contract';
import type { LocalFileAccess } from '../core/local-files';

export type PickablePurpose = Exclude<LocalFilePurpose, 'agent-socket'>;

export interface ReadGrantsOptions {
  /** main's own open-file dialog: the chosen path, or undefined when cancelled. */
  showOpenDialog: (purpose: PickablePurpose) => Promise<string | undefined>;
  /** main's own question "may the app read this file?"; true only when the user said yes. */
  confirmRead: (path: string, purpose: LocalFilePurpose) => Promise<boolean>;
  /** What `~` stands for, as the core expands it for key files. */
  homeDir: string;
}

/**
 * Which local files the page may have the core read, decided only by things the page cannot
 * forge: a path comes back from main's own file dialog, or the user says yes in main's own
 * message box to a path they typed. A flag from the page ("this path was typed in a form
 * field") would be worth nothing — a hostile page sets it too — so a typed path costs one
 * question, once per path per session. Paths are compared resolved (`~` expanded, `..` folded),
 * so `picked/../../.ssh/id_rsa` is not the picked file.
 */
export function createReadGrants(options: ReadGrantsOptions): LocalFileAccess {
  const granted = new Set<string>();
  const keyOf = (path: string): string => resolve(path.replace(/^~(?=$|[/\\])/, options.homeDir));
  // One question at a time: a page firing requests cannot stack dialogs, and a second request
  // for a path the user just allowed is answered by the first answer.
  let asking: Promise<unknown> = Promise.resolve();
  return {
    async pick(purpose) {
      const path = await options.showOpenDialog(purpose);
      if (path !== undefined) granted.add(keyOf(path));
      return path;
    },
    mayRead(path, purpose) {
      if (granted.has(keyOf(path))) return Promise.resolve(true);
      const answer = asking.then(async () => {
        if (granted.has(keyOf(path))) return true;
        const isAllowed = await options.confirmRead(path, purpose);
        if (isAllowed) granted.add(keyOf(path));
        return isAllowed;
      });
      asking = answer.catch(() => false);
      return answer;
    },
  };
}
