// The app's browser test: Playwright drives Debian's Chromium (`apt-get install chromium`,
// done by scripts/setup.sh; Playwright's own browser download is not used) against a real dev
// node the test starts, and the built app served by `vite preview`.
import { defineConfig } from '@playwright/test';

export const CHROMIUM = process.env.LABELCHAIN_CHROMIUM || '/usr/bin/chromium';

export default defineConfig({
  testDir: 'tests',
  timeout: 8 * 60_000,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results/artifacts',
  use: {
    baseURL: 'http://127.0.0.1:4173',
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM },
    viewport: { width: 1280, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: 'npx vite preview --port 4173 --strictPort',
    url: 'http://127.0.0.1:4173',
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
