import type { Page } from '@playwright/test';

/**
 * Collects what a user would never see but a broken page leaves behind: uncaught exceptions,
 * console errors (CSP violations are reported there) and failed requests.
 */
export function collectPageErrors(page: Page): () => string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  return () => [...errors];
}
