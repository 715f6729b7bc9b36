import type { Locator, Page } from '@playwright/test';
import { expect } from './serve-fixture';

/**
 * Creates a workspace on this machine from the Workspaces page and attaches the built-in demo as
 * its endpoint, as a newcomer does; `shoot` captures the offer of the demo before it is taken.
 * Resolves with the workspace's card.
 */
export async function createWorkspaceWithDemo(page: Page, name: string, shoot?: (step: string) => Promise<string>): Promise<Locator> {
  await page.getByLabel('Name', { exact: true }).first().fill(name);
  await page.getByLabel('Host').first().fill('127.0.0.1');
  await page.getByTestId('create-workspace').click();
  const card = page.getByTestId('workspace-card').filter({ has: page.getByRole('heading', { name, exact: true }) });
  await expect(card.getByTestId('demo-offer')).toBeVisible();
  await shoot?.('new-workspace-offers-the-demo');
  await card.getByTestId('use-demo').click();
  await expect(card.getByTestId('endpoint-row').getByTestId('demo-badge')).toBeVisible();
  return card;
}
