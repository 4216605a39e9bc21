import { expect, Page } from '@playwright/test';

export const ADMIN_PASSWORD = process.env.HOTLINE_ADMIN_PASSWORD ?? '';

/** Signs in through the login form and waits for the page after it. */
export async function signIn(page: Page, login: string, password: string) {
  await page.goto('/login');
  await page.locator('#login').fill(login);
  await page.locator('#password').fill(password);
  await page.locator('form button[type=submit].primary').click();
}

export async function signInAsAdmin(page: Page) {
  expect(ADMIN_PASSWORD, 'HOTLINE_ADMIN_PASSWORD comes from `hotline seed --demo`').not.toBe('');
  await signIn(page, 'admin', ADMIN_PASSWORD);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('系统管理员');
}

/** A login name no other test (or project) uses. */
export function uniqueLogin(prefix: string, project: string) {
  const p = project.replace(/[^a-z]/g, '');
  return `${prefix}${p}${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
}


export const STAFF_PASSWORD = process.env.HOTLINE_STAFF_PASSWORD ?? '';

/** Signs out (drops the session cookie) and signs in as a demo staff member.
 *  The previous page is left first: a response still in flight (its change stream, a
 *  refetch) would otherwise set the old session cookie again after it was dropped, and the
 *  login page would open already signed in as the previous user. */
export async function signInAs(page: Page, login: string) {
  expect(STAFF_PASSWORD, 'HOTLINE_STAFF_PASSWORD comes from `hotline seed --demo`').not.toBe('');
  await page.goto('about:blank');
  await page.context().clearCookies();
  await signIn(page, login, STAFF_PASSWORD);
  // Signed in once the login form has sent us on, not merely when a user menu shows.
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.locator('.usermenu .who')).toBeVisible();
}

/** Waits until the page is hydrated and its change stream is connected (the bell says so).
 *  (Not `networkidle`: the change stream keeps a request open for as long as the page.) */
export async function ready(page: Page) {
  await expect(page.locator('.bell[data-connected="true"]')).toHaveCount(1, { timeout: 10_000 });
}

/** A mobile number no other run uses (the caller's history stays small). */
export function phone() {
  return '139' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
}

/** The signed-in agent registers a noise complaint (dispatched at once to a handler by the
 *  catalogue) and lands on its page; returns its number. */
export async function registerNoiseComplaint(page: Page, description: string) {
  await page.goto('/tickets/new');
  await ready(page);
  await page.locator('#caller_phone').fill(phone());
  await page.locator('#caller_name').fill('王五');
  await page.locator('#category_id').selectOption({ label: '噪音扰民' });
  const script = page.locator('[data-testid=script]:visible');
  await script.locator('select').first().selectOption('施工');
  await script.locator('input').first().fill('每晚 22 点以后');
  await page.locator('#description').fill(description);
  await page.getByTestId('register').click();
  await expect(page).toHaveURL(/\/tickets\/\d{8}-\d{6}$/);
  return (await page.getByTestId('ticket-number').textContent())!.trim();
}

/** Local date-time for a datetime-local input, `days` from now at 17:00. */
export function inDays(days: number) {
  const d = new Date(Date.now() + days * 86_400_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T17:00`;
}

export async function expectState(page: Page, state: string) {
  await expect(page.getByTestId('ticket')).toHaveAttribute('data-state', state);
}

export async function open(page: Page, number: string) {
  await page.goto(`/tickets/${number}`);
  await expect(page.getByTestId('ticket-number')).toHaveText(number);
  await ready(page);
}

/** Opens a collapsed action, fills it, submits it. */
export async function act(page: Page, testid: string, fill: (form: ReturnType<Page['getByTestId']>) => Promise<void>) {
  const box = page.getByTestId(testid);
  if (!(await box.evaluate((el) => (el as HTMLDetailsElement).open ?? true))) {
    await box.locator('summary').click();
  }
  await fill(box);
  await box.locator('button[type=submit]').first().click();
}

/** The administrator creates a staff member with `role`; they sign in and set their own
 *  password. Returns their login and display name (the page is left signed in as them). */
export async function newStaff(page: Page, prefix: string, project: string, role: string) {
  const login = uniqueLogin(prefix, project);
  const name = `新员工${login.slice(-4)}`;
  await signInAsAdmin(page);
  await page.goto('/admin/users');
  await ready(page);
  await page.locator('#login').fill(login);
  await page.locator('#display_name').fill(name);
  await page.locator(`input[name=role_${role}]`).check();
  await page.locator('#password').fill('first-pass-123');
  await page.getByRole('button', { name: '创建用户' }).click();
  await expect(page.getByTestId('saved')).toHaveText('用户已创建。');
  await page.goto('about:blank');
  await page.context().clearCookies();
  await signIn(page, login, 'first-pass-123');
  await expect(page).toHaveURL(/\/password/);
  await page.locator('#current').fill('first-pass-123');
  await page.locator('#new_password').fill('second-pass-456');
  await page.locator('#confirm').fill('second-pass-456');
  await page.getByRole('button', { name: '保存新密码' }).click();
  await expect(page).not.toHaveURL(/\/password/);
  return { login, name };
}
