import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive Debian's Chromium (never `npx playwright install`, which downloads)
 * against browser mode. Each test starts its own `llmwb serve --demo` on port 0 with its own data
 * folder (test/e2e/support/serve-fixture.ts), so nothing here builds: run `npm run build` first.
 */
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test/artifacts/e2e/results',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  // Load runs share the machine's few cores with the server under test; one at a time keeps timings honest.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    headless: true,
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
