import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import pg from 'pg';

function e2eDataDir(): string {
  return path.resolve(import.meta.dirname, '../..', process.env.E2E_DATA_DIR ?? '.data/e2e');
}

/** The demo logins of the e2e server (random per run; written by the server at seed time). */
export function demoPassword(): string {
  const file = path.join(e2eDataDir(), 'demo-credentials.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { password: string }).password;
}

export async function login(page: Page, email: string, password = demoPassword()): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
}

/**
 * The e2e server's database: the neuroloop_e2e database of DATABASE_URL's server when it is
 * set (bin/e2e-server.mjs), else its embedded PostgreSQL (E2E_PG_PORT, 54349 by default).
 */
export function e2eDatabaseUrl(): string {
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '/neuroloop_e2e';
    return url.toString();
  }
  // The embedded server's superuser, with this installation's own password.
  const creds = JSON.parse(readFileSync(path.join(e2eDataDir(), 'postgres-credentials.json'), 'utf8')) as {
    superuser: string;
  };
  return `postgresql://postgres:${encodeURIComponent(creds.superuser)}@127.0.0.1:${process.env.E2E_PG_PORT ?? '54349'}/neuroloop`;
}

/** Runs `fn` on a connection to the e2e server's database, closed after whatever happens. */
export async function withE2eDb<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Turns the signed-in reader's auto-advance off (it is on by default), so that a label keeps its scan open. */
export async function keepScanAfterRead(page: Page): Promise<void> {
  const status = await page.evaluate(
    async () =>
      (
        await fetch('/api/me/preferences', {
          method: 'PATCH',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ autoAdvance: false }),
        })
      ).status,
  );
  expect(status).toBe(200);
}
