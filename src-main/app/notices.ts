import { dialog, type BrowserWindow } from 'electron';

/**
 * Tells the user what the app did on their behalf (a corrupt index or secrets file moved aside,
 * runs cut off by an earlier exit). Browser mode prints these on the terminal; the desktop app
 * has none, so it shows them in a message box over the window and logs them too.
 */
export function createNoticeBoard(window: () => BrowserWindow | undefined): { show(notices: readonly string[]): void } {
  return {
    show(notices) {
      if (notices.length === 0) return;
      for (const notice of notices) console.warn(`note: ${notice}`);
      const options = { type: 'warning' as const, title: 'LLM Workbench', message: 'Please note', detail: notices.join('\n\n'), buttons: ['OK'] };
      const parent = window();
      void (parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options));
    },
  };
}
