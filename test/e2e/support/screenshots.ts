import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';

const artifactsDir = resolve(import.meta.dirname, '../../artifacts/e2e');

/**
 * Saves a full-page screenshot of a step under test/artifacts/e2e/<test>/<nn>-<step>.png (kept,
 * gitignored), numbered so the folder reads as the flow.
 */
export function createStepShooter(page: Page, testInfo: TestInfo) {
  const folder = join(artifactsDir, slug(testInfo.titlePath.slice(1).join(' ')));
  let step = 0;
  return async function shoot(name: string): Promise<string> {
    step += 1;
    await mkdir(folder, { recursive: true });
    const path = join(folder, `${String(step).padStart(2, '0')}-${slug(name)}.png`);
    await page.screenshot({ path, fullPage: true });
    return path;
  };
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}
