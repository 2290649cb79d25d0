import { expect, test } from './base';
import { demoPassword, login } from './helpers';

test('a visitor is sent to sign in', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});

test('a wrong password is refused with a clear message', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill('annotator2@neuroloop.local');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#login-error')).toHaveText('Wrong email or password.');
});

test('the demo lead signs in and sees the demo project', async ({ page }) => {
  await login(page, 'lead@neuroloop.local', demoPassword());
  await expect(page.getByRole('heading', { name: 'Projects' })).toBeVisible();
  await page.getByRole('link', { name: /CT hemorrhage \(demo\)/ }).click();
  await expect(page).toHaveURL(/\/projects\/ct-hemorrhage-demo/);
  await expect(page.getByTestId('project-title')).toHaveText('CT hemorrhage (demo)');
  await expect(page.getByTestId('project-role')).toHaveText('LEAD');
});

test('an annotator cannot open the admin page', async ({ page }) => {
  await login(page, 'annotator1@neuroloop.local');
  const res = await page.goto('/admin/users');
  expect(res?.status()).toBe(403);
  await expect(page).toHaveURL(/\/admin\/users/);
  await expect(page.getByTestId('error-403')).toContainText('This page needs a role you do not have');
  await expect(page.getByRole('heading', { name: 'Users' })).toHaveCount(0);
});
