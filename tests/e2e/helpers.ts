import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

/** The demo logins of the e2e server (random per run; written by the server at seed time). */
export function demoPassword(): string {
  const file = path.resolve(import.meta.dirname, '../..', process.env.E2E_DATA_DIR ?? '.data/e2e', 'demo-credentials.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { password: string }).password;
}

export async function login(page: Page, email: string, password = demoPassword()): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
}
