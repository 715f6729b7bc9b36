import { join } from 'node:path';
import { dialog, type BrowserWindow, type MessageBoxOptions, type OpenDialogOptions } from 'electron';
import type { LocalFilePurpose } from '../../src-shared/contract/files.contract';
import type { PickablePurpose, ReadGrantsOptions } from './read-grants';

const purposeNames: Record<LocalFilePurpose, string> = { dataset: 'a dataset', identity: 'an SSH private key', 'agent-socket': 'an ssh-agent socket' };

function openOptions(purpose: PickablePurpose, homeDir: string): OpenDialogOptions {
  if (purpose === 'identity') {
    return { title: 'Choose an SSH private key', defaultPath: join(homeDir, '.ssh'), properties: ['openFile', 'showHiddenFiles'] };
  }
  return {
    title: 'Choose a dataset file',
    properties: ['openFile'],
    filters: [
      { name: 'Datasets (JSON, JSON Lines, text)', extensions: ['json', 'jsonl', 'ndjson', 'txt'] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
}

/** The dialogs read-grants.ts relies on, drawn by main over the window so the page can neither fake nor click them. */
export function createFileDialogs(window: () => BrowserWindow | undefined, homeDir: string): Omit<ReadGrantsOptions, 'homeDir'> {
  return {
    async showOpenDialog(purpose) {
      const options = openOptions(purpose, homeDir);
      const parent = window();
      const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return result.canceled ? undefined : result.filePaths[0];
    },
    async confirmRead(path, purpose) {
      const options: MessageBoxOptions = {
        type: 'question',
        title: 'Read a file?',
        message: `Let LLM Workbench read this file as ${purposeNames[purpose]}?`,
        detail: `${path}\n\nThe path was typed rather than chosen with Browse…, so the app asks before opening it.`,
        buttons: ['Read this file', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        noLink: true,
      };
      const parent = window();
      const answer = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
      return answer.response === 0;
    },
  };
}
