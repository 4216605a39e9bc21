import { test, expect } from '@playwright/test';
import { ADMIN_PASSWORD, signIn } from './helpers';

// JavaScript is off in this project: every form must work from the server-rendered page.

test('sign in and out without JavaScript', async ({ page }) => {
  await signIn(page, 'admin', ADMIN_PASSWORD);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('欢迎，系统管理员');
  await expect(page.getByTestId('toggle-password')).toHaveCount(0);
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login\?next=\//);
});

test('a wrong password is reported without JavaScript', async ({ page }) => {
  await signIn(page, 'admin', 'wrong-password-9');
  await expect(page.getByRole('alert')).toHaveText('用户名或密码错误。');
});

test('the language switch works without JavaScript', async ({ page }) => {
  await page.goto('/login');
  await page.getByTestId('lang-switch').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
});
