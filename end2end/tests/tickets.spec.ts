import { expect } from '@playwright/test';
import { test } from '@playwright/test';
import { act, expectState, inDays, open, phone, ready, signInAs } from './helpers';

test('a noise complaint from intake to archive, with an extension and a redo', async ({ page }) => {
  test.setTimeout(180_000);
  const timeline = page.getByTestId('timeline');

  // Intake: the agent follows the category's inquiry script.
  await signInAs(page, 'agent');
  await page.goto('/tickets/new');
  await ready(page);
  await page.locator('#caller_phone').fill(phone());
  await page.locator('#caller_name').fill('王五');
  await page.locator('#category_id').selectOption({ label: '噪音扰民' });
  const script = page.locator('[data-testid=script]:visible');
  await expect(script).toBeVisible();
  await script.locator('select').first().selectOption('施工');
  await script.locator('input').first().fill('每晚 22 点以后');
  await page.locator('#description').fill('楼下工地每晚十点后仍在施工，噪音很大，影响休息。');
  await page.getByTestId('register').click();
  await expect(page).toHaveURL(/\/tickets\/\d{8}-\d{6}$/);
  const number = (await page.getByTestId('ticket-number').textContent())!.trim();

  // Automatic dispatch to a handler of the catalogue's department, with the basis in words.
  await expectState(page, 'assigned');
  await expect(page.getByTestId('caller-phone')).toHaveText(/^139\*{4}\d{4}$/);
  await expect(timeline.locator('li[data-kind=assigned] [data-testid=basis]')).toContainText('complaint/noise');
  const handlerName = (await page.getByTestId('handler').textContent())!.trim();
  const handler = handlerName === '李四' ? 'handler' : 'handler2';

  // The handler signs for it and asks for more time.
  await signInAs(page, handler);
  await open(page, number);
  await page.getByTestId('sign-for').click();
  await expectState(page, 'in_progress');
  await act(page, 'extension-action', async (f) => {
    await f.locator('#extension_due').fill(inDays(7));
    await f.locator('#extension_reason').fill('需会同住建部门现场核查');
  });
  await expect(timeline.locator('li[data-kind=extension_requested]')).toBeVisible();

  // The supervisor approves the extension.
  await signInAs(page, 'supervisor');
  await open(page, number);
  await expect(page.getByTestId('extension-request')).toBeVisible();
  await page.getByTestId('approve-extension').click();
  await expect(timeline.locator('li[data-kind=extension_decided]')).toBeVisible();

  // The handler resolves.
  await signInAs(page, handler);
  await open(page, number);
  await act(page, 'resolve-action', async (f) => {
    await f.locator('#resolve_result').fill('已责令施工单位夜间停工。');
  });
  await expectState(page, 'resolved');

  // Callback: the caller is not satisfied; the ticket goes back for redo.
  await signInAs(page, 'agent');
  await open(page, number);
  await act(page, 'callback-action', async (f) => {
    await f.locator('input[name=outcome][value=unsatisfied]').check();
    await f.locator('#callback_told').fill('已告知责令停工的结果。');
    await f.locator('#callback_reason').fill('夜间仍有施工');
    await f.locator('#callback_next').fill('重办：夜间突击检查');
  });
  await expectState(page, 'in_progress');
  await expect(timeline.locator('li[data-kind=redo]')).toBeVisible();

  await signInAs(page, handler);
  await open(page, number);
  await act(page, 'resolve-action', async (f) => {
    await f.locator('#resolve_result').fill('夜查发现违规施工，已立案处罚。');
  });
  await expectState(page, 'resolved');

  await signInAs(page, 'agent');
  await open(page, number);
  await act(page, 'callback-action', async (f) => {
    await f.locator('input[name=outcome][value=satisfied]').check();
    await f.locator('#callback_told').fill('已告知处罚结果。');
  });
  await expectState(page, 'closed');

  await signInAs(page, 'supervisor');
  await open(page, number);
  await act(page, 'archive-action', async (f) => {
    await f.locator('#archive_level').selectOption('internal');
  });
  await expectState(page, 'archived');

  // The timeline shows every step, in order.
  const kinds = await timeline.locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
  expect(kinds).toEqual([
    'registered', 'assigned', 'signed_for', 'extension_requested', 'extension_decided', 'resolved',
    'callback_recorded', 'redo', 'resolved', 'callback_recorded', 'archived',
  ]);
  await expect(page.getByTestId('archive-action')).toHaveCount(0);
});

test('another department cannot open the ticket', async ({ page }) => {
  await signInAs(page, 'agent');
  await page.goto('/tickets/new');
  await ready(page);
  await page.locator('#caller_phone').fill(phone());
  await page.locator('#caller_name').fill('赵六');
  await page.locator('#category_id').selectOption({ label: '噪音扰民' });
  await page.locator('[data-testid=script]:visible select').first().selectOption('生活');
  await page.locator('[data-testid=script]:visible input').first().fill('周末白天');
  await page.locator('#description').fill('邻居装修噪音持续一周。');
  await page.getByTestId('register').click();
  await expect(page).toHaveURL(/\/tickets\/\d{8}-\d{6}$/);
  const number = (await page.getByTestId('ticket-number').textContent())!.trim();

  await signInAs(page, 'market');
  await page.goto(`/tickets/${number}`);
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByTestId('ticket')).toHaveCount(0);
});
