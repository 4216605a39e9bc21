import { test, expect } from '@playwright/test';
import { ADMIN_PASSWORD, signIn, signInAs } from './helpers';

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

test('register, sign for and resolve a ticket without JavaScript', async ({ page }) => {
  test.setTimeout(60_000);
  await signInAs(page, 'agent');
  await page.goto('/tickets/new');
  await page.locator('#caller_phone').fill('137' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0'));
  await page.locator('#caller_name').fill('钱七');
  await page.locator('#category_id').selectOption({ label: '噪音扰民' });
  // Without JavaScript every category's script is on the page; the chosen one's answers count.
  const script = page.locator('fieldset[data-category="complaint/noise"]');
  await script.locator('select').first().selectOption('商业');
  await script.locator('input').first().fill('白天');
  await page.locator('#description').fill('商铺外放音响声音很大。');
  await page.getByTestId('register').click();
  await expect(page).toHaveURL(/\/tickets\/\d{8}-\d{6}$/);
  await expect(page.getByTestId('ticket')).toHaveAttribute('data-state', 'assigned');
  const number = (await page.getByTestId('ticket-number').textContent())!.trim();
  const handler = (await page.getByTestId('handler').textContent())!.trim() === '李四' ? 'handler' : 'handler2';

  await signInAs(page, handler);
  await page.goto(`/tickets/${number}`);
  await page.getByTestId('sign-for').click();
  await expect(page.getByTestId('ticket')).toHaveAttribute('data-state', 'in_progress');
  await page.getByTestId('resolve-action').locator('summary').click();
  await page.locator('#resolve_result').fill('已约谈商户，音响已关闭。');
  await page.getByTestId('resolve-action').locator('button[type=submit]').click();
  await expect(page.getByTestId('ticket')).toHaveAttribute('data-state', 'resolved');
});

test('record a risk event, file it, and check off a plan step without JavaScript', async ({ page }) => {
  test.setTimeout(60_000);
  // A department lead records a general event for their own department and files it.
  await signInAs(page, 'lead');
  await page.goto('/risks/events/new');
  await page.locator('#event-risk').selectOption({ label: 'R-STALL-01 工单拖延办理' });
  await page.locator('#event-title').fill('无 JS 记录的拖延事件');
  await page.locator('#event-description').fill('两件工单超期三个工作日未办结。');
  await page.getByTestId('save-event').click();
  await expect(page).toHaveURL(/\/risks\/events\/\d+$/);
  await page.locator('#event-result').fill('已督促办结并约谈经办人。');
  await page.getByTestId('file-event').click();
  await expect(page.getByTestId('event-state')).toHaveText('已报备');

  // Compliance records a major one: its plan starts, and the first step is checked off.
  await signInAs(page, 'compliance');
  await page.goto('/risks/events/new');
  await page.locator('#event-risk').selectOption({ label: 'R-SYS-01 系统故障导致受理中断' });
  await page.getByTestId('grade-major').check();
  await page.locator('#event-title').fill('无 JS 记录的系统中断');
  await page.locator('#event-description').fill('受理系统中断二十分钟。');
  await page.locator('#event-plan').selectOption({ label: '受理系统中断应急预案' });
  await page.getByTestId('save-event').click();
  await expect(page).toHaveURL(/\/risks\/events\/\d+$/);
  const first = page.getByTestId('step').first();
  await first.getByTestId('check-step').click();
  await expect(page.getByTestId('step').first()).toHaveAttribute('data-done', 'true');
});

test('acknowledge a policy and sign a commitment letter without JavaScript', async ({ page }) => {
  test.setTimeout(60_000);
  await signInAs(page, 'market');
  await page.goto('/policies');
  await page.getByTestId('policy-row').filter({ hasText: '热线合规手册' }).locator('a').first().click();
  await expect(page).toHaveURL(/\/policies\/\d+$/);
  await page.getByTestId('acknowledge').click();
  await expect(page.getByTestId('acknowledged')).toBeVisible();

  // A new handler signs the handlers' letter with the name on their account.
  const login = `nojsletter${Date.now().toString(36)}`;
  await page.context().clearCookies();
  await signIn(page, 'admin', ADMIN_PASSWORD);
  await page.goto('/admin/users');
  await page.locator('#login').fill(login);
  await page.locator('#display_name').fill('无脚本处理员');
  await page.locator('input[name=role_handler]').check();
  await page.locator('#password').fill('first-pass-123');
  await page.getByRole('button', { name: '创建用户' }).click();
  await expect(page.getByTestId('saved')).toHaveText('用户已创建。');
  await page.context().clearCookies();
  await signIn(page, login, 'first-pass-123');
  await page.locator('#current').fill('first-pass-123');
  await page.locator('#new_password').fill('second-pass-456');
  await page.locator('#confirm').fill('second-pass-456');
  await page.getByRole('button', { name: '保存新密码' }).click();
  await expect(page).not.toHaveURL(/\/password/);
  await page.goto('/policies/letters');
  const letter = page.getByTestId('my-letter').filter({ hasText: '处理人员岗位合规承诺书' });
  await letter.getByTestId('full-name').fill('无脚本处理员');
  await letter.getByTestId('sign').click();
  await expect(page).toHaveURL(/\/policies\/letters$/);
  await expect(page.getByTestId('signed')).toBeVisible();
});

test('an unmasked export waits for a compliance review, then downloads once, without JavaScript', async ({ page }) => {
  test.setTimeout(60_000);
  await signInAs(page, 'supervisor');
  await page.goto('/report');
  await page.getByTestId('unmasked-reason').fill('回访抽查来电人联系方式');
  await page.getByTestId('export-unmasked').click();
  // No file: the request's page, waiting for compliance.
  await expect(page).toHaveURL(/\/reviews\/\d+$/);
  const url = page.url();
  await expect(page.getByTestId('review-state')).toHaveAttribute('data-state', 'pending');
  await expect(page.getByTestId('review-waiting')).toBeVisible();

  await signInAs(page, 'compliance');
  await page.goto(url);
  const form = page.getByTestId('review-form');
  await form.getByTestId('conclusion-approve').check();
  await form.getByTestId('record-review').click();
  await expect(page.getByTestId('review-state')).toHaveAttribute('data-state', 'approved');

  await signInAs(page, 'supervisor');
  await page.goto(url);
  const download = page.waitForEvent('download');
  await page.getByTestId('download').click();
  expect((await download).suggestedFilename()).toMatch(/-unmasked\.xlsx$/);
  await page.goto(url);
  await expect(page.getByTestId('download')).toHaveCount(0);
});

test('a violation is proposed, notified, appealed and decided without JavaScript', async ({ page }) => {
  test.setTimeout(60_000);
  await signInAs(page, 'compliance');
  await page.goto('/violations/new');
  const person = page.getByTestId('violation-person');
  const value = await person.locator('option', { hasText: '刘洋' }).getAttribute('value');
  await person.selectOption(value!);
  await page.getByTestId('violation-conduct').selectOption('improper_benefits');
  await page.getByTestId('violation-facts').fill('无脚本：办理中接受商户赠送的购物卡');
  await page.getByTestId('severity-serious').check();
  await page.getByTestId('violation-propose').click();
  await expect(page).toHaveURL(/\/violations\/\d+$/);
  const url = page.url();
  await expect(page.getByTestId('violation-penalty')).toContainText('扣 10 分');
  await page.getByTestId('violation-notify').click();
  await expect(page.getByTestId('violation-state')).toHaveAttribute('data-state', 'notified');

  await signInAs(page, 'market');
  await page.goto(url);
  await page.getByTestId('appeal-text').fill('购物卡当日已退回，有商户签收单。');
  await page.getByTestId('violation-appeal-submit').click();
  await expect(page).toHaveURL(url);
  await expect(page.getByTestId('violation-state')).toHaveAttribute('data-state', 'appealed');

  await signInAs(page, 'supervisor');
  await page.goto(url);
  await page.getByTestId('outcome-upheld').check();
  await page.getByTestId('decide-reason').fill('收受即构成违规，退回不影响认定。');
  await page.getByTestId('violation-decide').click();
  await expect(page.getByTestId('violation-state')).toHaveAttribute('data-state', 'decided');
  await expect(page.getByTestId('violation-counted')).toHaveText('10');
});

test('the KPI page and its rules work without JavaScript', async ({ page }) => {
  await signIn(page, 'admin', ADMIN_PASSWORD);
  await page.goto('/assessment?period=2026-11');
  await expect(page.getByTestId('kpi-departments')).toBeVisible();
  const box = page.getByTestId('basically-counts');
  await expect(box).toBeChecked();
  // "Basically satisfied" stops counting as satisfied, then counts again.
  await box.uncheck();
  await page.getByTestId('save-rules').click();
  await expect(page).toHaveURL(/\/assessment\?period=2026-11$/);
  await expect(page.getByTestId('basically-counts')).not.toBeChecked();
  await page.getByTestId('basically-counts').check();
  await page.getByTestId('save-rules').click();
  await expect(page.getByTestId('basically-counts')).toBeChecked();
});

test('the scoring scheme saves without JavaScript', async ({ page }) => {
  await signIn(page, 'admin', ADMIN_PASSWORD);
  await page.goto('/assessment/scheme');
  const floor = page.getByTestId('floor-satisfaction');
  const was = await floor.inputValue();
  await floor.fill('6');
  await page.getByTestId('save-scheme').click();
  await expect(page).toHaveURL(/\/assessment\/scheme\?saved=1$/);
  await expect(page.getByTestId('saved')).toBeVisible();
  await expect(page.getByTestId('floor-satisfaction')).toHaveValue('6');
  await page.getByTestId('floor-satisfaction').fill(was);
  await page.getByTestId('save-scheme').click();
  await expect(page.getByTestId('floor-satisfaction')).toHaveValue(was);
  // The league table reads without JavaScript too.
  await page.goto('/assessment/league?period=2026-11');
  await expect(page.getByTestId('league-group').first()).toBeVisible();
});

test('an evaluation is opened and scored, and the annual report\'s suggestions saved, without JavaScript', async ({ page }) => {
  const name = `无脚本评估 ${Date.now()}`;
  await signInAs(page, 'supervisor');
  await page.goto('/evaluations');
  await page.getByTestId('ev-title').fill(name);
  await page.getByTestId('ev-open').click();
  await expect(page).toHaveURL(/\/evaluations\/\d+$/);
  await expect(page.locator('h1')).toContainText(name);
  const policy = page.locator('section[data-dimension=policy]');
  await policy.getByTestId('score').fill('88');
  await policy.getByTestId('findings').fill('制度齐全');
  await policy.getByTestId('score-submit').click();
  await expect(page).toHaveURL(/\/evaluations\/\d+$/);
  await expect(page.locator('section[data-dimension=policy]').getByTestId('dim-score')).toHaveText('88');

  const year = new Date().getFullYear();
  const text = `无脚本建议 ${Date.now()}`;
  await page.goto(`/assessment/annual-report?year=${year}`);
  await page.getByTestId('suggestions').fill(text);
  await page.getByTestId('suggestions-save').click();
  await expect(page).toHaveURL(new RegExp(`/assessment/annual-report\\?year=${year}$`));
  await expect(page.getByTestId('report-suggestions')).toHaveText(text);
});
