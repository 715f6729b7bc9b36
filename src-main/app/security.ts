import { shell, type Session, type WebContents } from 'electron';
import { contentSecurityPolicy } from '../serve/static-files';

/** The CSP as a response header for every page the window loads, not just a meta tag. */
export function applyContentSecurityPolicy(target: Session): void {
  target.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] } });
  });
}

/** Links to the web open in the user's browser; nothing else leaves the app (no file:, no custom schemes). */
export function isExternalLink(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * The window never shows anything but our own page: every navigation, redirect and frame
 * navigation to another URL is cancelled (a file dropped on the window is a navigation to its
 * file:// URL, so it is cancelled too), no <webview> may attach, and window.open never opens
 * a window — https links go to the user's browser instead.
 */
export function blockNavigation(contents: WebContents, isAppUrl: (url: string) => boolean): void {
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/** No camera, microphone, notifications, clipboard or device access: the app needs no permission, so none is asked or granted. */
export function denyPermissions(target: Session): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
  target.setDevicePermissionHandler(() => false);
}
