import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3100);

/**
 * End-to-end tests drive Debian's chromium (never `playwright install`) against the real
 * app: Next + Socket.IO + the trainer-free server, on a fresh database seeded with demo data.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // Not the server's zone (UTC): a page that formats a time differently on each side fails to
    // hydrate, and tests/e2e/base.ts fails the test on that error.
    timezoneId: 'America/New_York',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `node bin/e2e-server.mjs`,
    url: `http://127.0.0.1:${port}/healthz`,
    timeout: 180_000,
    reuseExistingServer: false,
    env: { E2E_PORT: String(port) },
    stdout: 'pipe',
    stderr: 'pipe',
    // Not SIGKILL (Playwright's default): the server stops its embedded PostgreSQL, which
    // would otherwise leave its locks behind for the next run.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
  },
});
