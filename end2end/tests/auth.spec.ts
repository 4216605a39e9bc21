import { test, expect } from '@playwright/test';
import { signIn, signInAsAdmin, uniqueLogin } from './helpers';

test('admin signs in and sees name, department and role from the database', async ({ page }) => {
  await signInAsAdmin(page);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('home-department')).toHaveText('12345 市民服务热线中心');
  await expect(page.locator('.chips')).toContainText('管理员');
  await expect(page.locator('nav.mainnav')).toContainText('用户管理');
});

test('switching to English shows English text, and back', async ({ page }) => {
  await signInAsAdmin(page);
  await page.getByTestId('lang-switch').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, 系统管理员');
  await expect(page.locator('nav.mainnav')).toContainText('Users');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // the choice is remembered across pages
  await page.goto('/admin/users');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Users');
  await page.getByTestId('lang-switch').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('用户管理');
});

test('wrong password shows a translated error and no session', async ({ page }) => {
  await signIn(page, 'admin', 'not-the-password-1');
  await expect(page.getByRole('alert')).toHaveText('用户名或密码错误。');
  await page.goto('/');
  await expect(page).toHaveURL(/\/login\?next=\//);
});

test('the page hydrates: the show-password toggle appears and works', async ({ page }) => {
  await page.goto('/login');
  const toggle = page.getByTestId('toggle-password');
  await expect(toggle).toBeVisible();
  await expect(page.locator('#password')).toHaveAttribute('type', 'password');
  await toggle.click();
  await expect(page.locator('#password')).toHaveAttribute('type', 'text');
  await expect(toggle).toHaveText('隐藏密码');
});

test('admin creates a user, who signs in, must change the password, then works', async ({ page }, info) => {
  const login = uniqueLogin('u', info.project.name);
  await signInAsAdmin(page);
  await page.goto('/admin/users');
  await page.locator('#login').fill(login);
  await page.locator('#display_name').fill('测试受理员');
  await page.locator('#department_id').selectOption({ label: '\u3000派单科' });
  await page.locator('input[name=role_agent]').check();
  await page.locator('#password').fill('first-pass-123');
  await page.getByRole('button', { name: '创建用户' }).click();
  await expect(page.getByTestId('saved')).toHaveText('用户已创建。');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(login);

  // the new user appears in the list
  await page.goto('/admin/users');
  await expect(page.getByTestId('users-table')).toContainText(login);

  // sign out, sign in as the new user
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, login, 'first-pass-123');
  await expect(page).toHaveURL(/\/password/);
  await expect(page.getByTestId('must-change')).toBeVisible();
  await page.locator('#current').fill('first-pass-123');
  await page.locator('#new_password').fill('second-pass-456');
  await page.locator('#confirm').fill('second-pass-456');
  await page.getByRole('button', { name: '保存新密码' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('欢迎，测试受理员');
  await expect(page.getByTestId('home-department')).toHaveText('派单科');
  await expect(page.locator('.chips')).toContainText('受理员');
  // an agent has no user administration
  await expect(page.locator('nav.mainnav')).not.toContainText('用户管理');
});

test('unknown addresses get the 404 page', async ({ page }) => {
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('页面不存在');
});
