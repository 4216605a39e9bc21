import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { ready, signInAs } from './helpers';

// Compliance records a risk with its controls, moves it along, changes it (a residual
// above the inherent needs a reason), and finds it through the heat map; the timeline shows
// each step. On the desktop and on an iPad.
test('compliance records a risk, moves it on, and finds it on the heat map', async ({ page }, info) => {
  test.setTimeout(60_000);
  const code = `R-E2E-${info.project.name.toUpperCase().slice(0, 3)}${Date.now().toString(36).slice(-5).toUpperCase()}`;
  await signInAs(page, 'compliance');
  await page.getByRole('link', { name: '风险清单' }).first().click();
  await expect(page).toHaveURL(/\/risks$/);
  await ready(page);
  // The demo desk's list, both heat maps.
  // (Waits for the list: a count read at once could come before it has loaded.)
  await expect(page.getByTestId('risk-row').nth(11)).toBeAttached();
  await expect(page.getByTestId('heatmap-inherent').locator('rect.cell')).toHaveCount(25);
  await expect(page.getByTestId('heatmap-residual').locator('rect.cell')).toHaveCount(25);

  await page.getByTestId('new-risk').click();
  await expect(page).toHaveURL(/\/risks\/new$/);
  await ready(page);
  await page.locator('#code').fill(code);
  await page.locator('#title').fill('夜间值班坐席擅自关闭工单');
  await page.locator('#risk_type').selectOption('operational');
  await page.locator('#conduct').selectOption('forged_records');
  await page.locator('#department_id').selectOption({ label: '\u3000城市管理局' });
  await page.locator('#owner_id').selectOption({ label: '赵刚' });
  await page.locator('#controls').fill('夜班工单次日复核 | 督办 | 每日\n关闭操作双人确认 | 科长 | 每次');
  await page.locator('#inherent_likelihood').selectOption('4');
  await page.locator('#inherent_impact').selectOption('4');
  await page.locator('#residual_likelihood').selectOption('2');
  await page.locator('#residual_impact').selectOption('4');
  await page.getByTestId('save-risk').click();

  await expect(page).toHaveURL(/\/risks\/\d+$/);
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(code);
  await expect(page.getByTestId('controls').locator('li')).toHaveCount(2);
  await expect(page.getByTestId('inherent')).toContainText('4×4 = 16');
  await expect(page.getByTestId('inherent')).toContainText('较大');
  await expect(page.getByTestId('residual')).toContainText('一般');
  await expect(page.getByTestId('risk-status')).toHaveText('已识别');
  const timeline = page.getByTestId('timeline').locator(':scope > li');
  await expect(timeline).toHaveCount(1);
  await expect(timeline.first()).toContainText('登记风险');
  await expect(timeline.first()).toContainText('周婷');

  // Assessed, then treated: one event each.
  await page.getByTestId('move-assessed').click();
  await expect(page.getByTestId('risk-status')).toHaveText('已评估');
  await expect(timeline).toHaveCount(2);
  await page.getByTestId('move-treated').click();
  await expect(page.getByTestId('risk-status')).toHaveText('已处置');
  await expect(timeline).toHaveCount(3);
  await expect(timeline.last()).toContainText('已评估 → 已处置');

  // A residual rating above the inherent one is refused until it has a reason.
  const riskUrl = page.url();
  await page.getByTestId('edit-risk').click();
  await expect(page).toHaveURL(/\/risks\/\d+\/edit$/);
  await ready(page);
  await page.locator('#residual_likelihood').selectOption('5');
  await page.getByTestId('save-risk').click();
  await expect(page.locator('.field-error[data-field=residual_justification]')).toBeVisible();
  await page.locator('#residual_justification').fill('夜班人手减半，复核尚未落实');
  await page.getByTestId('save-risk').click();
  await expect(page).toHaveURL(riskUrl);
  await expect(page.getByTestId('residual')).toContainText('5×4 = 20');
  await expect(page.getByTestId('residual')).toContainText('重大');
  await expect(timeline).toHaveCount(4);
  await expect(timeline.last()).toContainText('修改风险');
  await expect(timeline.last()).toContainText('2×4');
  await expect(timeline.last()).toContainText('5×4');

  // The residual heat map's 5×4 cell lists it.
  await page.goto('/risks');
  await ready(page);
  await page.getByTestId('heatmap-residual').locator('[data-cell="5-4"]').click();
  await expect(page).toHaveURL(/map=residual&l=5&i=4/);
  await expect(page.getByTestId('risk-row').filter({ hasText: code })).toHaveCount(1);
  for (const row of await page.getByTestId('risk-row').all()) {
    await expect(row).toContainText('5×4');
  }
});

// A department lead sees their department's risks only; a handler who owns none is shown
// "not found" for another department's risk, and the list keeps it from them.
test('leads see their department\'s risks, others get not found', async ({ page }) => {
  await signInAs(page, 'lead');
  await page.goto('/risks');
  await ready(page);
  const rows = page.getByTestId('risk-row');
  await expect(rows.filter({ hasText: 'R-STALL-01' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'R-PRIV-01' })).toHaveCount(0);
  await expect(page.getByTestId('new-risk')).toHaveCount(0);

  // The id of a centre risk, from compliance's list.
  await signInAs(page, 'compliance');
  await page.goto('/risks');
  const href = await rows.filter({ hasText: 'R-PRIV-01' }).locator('a').first().getAttribute('href');
  expect(href).toMatch(/^\/risks\/\d+$/);

  await signInAs(page, 'handler');
  await page.goto(href!);
  await expect(page.getByRole('alert')).toContainText('未找到');
  await expect(page.locator('body')).not.toContainText('R-PRIV-01');
});

// Compliance plans a monthly check of a risk; its owner finds it among 排查任务, records a
// problem found, and the ledger and the timeline show it; the plan moves a month on. The
// rectification is submitted by the owner and verified by compliance.
test('a planned check is recorded in the ledger and its rectification verified', async ({ page }, info) => {
  test.setTimeout(60_000);
  const code = `R-CHK-${info.project.name.toUpperCase().slice(0, 3)}${Date.now().toString(36).slice(-5).toUpperCase()}`;
  await signInAs(page, 'compliance');
  await page.goto('/risks/new');
  await ready(page);
  await page.locator('#code').fill(code);
  await page.locator('#title').fill('占道经营投诉重复退单');
  await page.locator('#risk_type').selectOption('operational');
  await page.locator('#department_id').selectOption({ label: '\u3000城市管理局' });
  await page.locator('#owner_id').selectOption({ label: '赵刚' });
  await page.getByTestId('save-risk').click();
  await expect(page).toHaveURL(/\/risks\/\d+$/);
  await ready(page);
  const riskUrl = page.url();

  await page.getByTestId('plan-check').click();
  await page.locator('#schedule').selectOption('monthly');
  await page.locator('#checker_id').selectOption({ label: '赵刚' });
  await page.getByTestId('save-plan').click();
  await expect(page.getByTestId('plan')).toHaveCount(1);
  const due = await page.getByTestId('due-on').textContent();
  const timeline = page.getByTestId('timeline').locator(':scope > li');
  await expect(timeline.last()).toContainText('制定排查计划');

  await signInAs(page, 'lead');
  await page.getByRole('link', { name: '排查任务' }).first().click();
  await expect(page).toHaveURL(/\/risks\/checks$/);
  await ready(page);
  const task = page.getByTestId('task').filter({ hasText: code });
  await expect(task).toHaveCount(1);
  await task.locator('a').first().click();
  await expect(page).toHaveURL(riskUrl);
  await ready(page);
  await page.getByTestId('record-check').click();
  await page.locator('[name=method]').fill('抽查本月退单工单 15 件');
  await page.locator('[name=result]').selectOption('problem_found');
  await page.getByTestId('save-check').click();
  // A problem found must be described.
  await expect(page.locator('.field-error[data-field=findings]')).toBeVisible();
  await page.locator('[name=findings]').fill('2 件退单理由与事实不符');
  await page.locator('[name=rectify_by]').fill(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + 7 * 86_400_000)));
  await page.locator('[name=measures]').fill('退单须附现场照片，科长复核');
  await page.getByTestId('save-check').click();
  await expect(page.getByTestId('ledger-row')).toHaveCount(1);
  await expect(page.getByTestId('ledger-row')).toContainText('2 件退单理由与事实不符');
  await expect(page.getByTestId('ledger-row')).toContainText('赵刚');
  await expect(page.getByTestId('ledger-row')).toHaveAttribute('data-result', 'problem_found');
  await expect(timeline.filter({ hasText: '完成排查' })).toHaveCount(1);
  await expect(timeline.last()).toContainText('发起整改');
  await expect(page.getByTestId('due-on')).not.toHaveText(due!);

  // The problem's rectification: the owner starts and submits it, compliance verifies it.
  const rect = page.getByTestId('rectification');
  await expect(rect).toHaveAttribute('data-state', 'open');
  await expect(rect).toContainText('退单须附现场照片，科长复核');
  await page.getByTestId('rect-in_progress').click();
  await expect(rect).toHaveAttribute('data-state', 'in_progress');
  await page.getByTestId('rect-submitted').click();
  await expect(rect).toHaveAttribute('data-state', 'submitted');
  await expect(page.getByTestId('rect-verified')).toHaveCount(0);

  await signInAs(page, 'compliance');
  await page.getByRole('link', { name: '整改' }).first().click();
  await expect(page).toHaveURL(/\/risks\/rectifications$/);
  await ready(page);
  await page.getByTestId('rect-row').filter({ hasText: code }).locator('a').first().click();
  await expect(page).toHaveURL(riskUrl);
  await ready(page);
  await page.getByTestId('rect-verified').click();
  await expect(rect).toHaveAttribute('data-state', 'verified');
  await expect(timeline.last()).toContainText('已提交验收 → 已验收');

  // 排查台账: the row among this month's problems, and in the CSV file of the same filter.
  await page.getByRole('link', { name: '排查台账' }).first().click();
  await expect(page).toHaveURL(/\/risks\/ledger$/);
  await ready(page);
  await page.getByTestId('ledger-filters').locator('[name=result]').selectOption('problem_found');
  await page.getByTestId('ledger-filters').locator('button[type=submit]').click();
  await expect(page).toHaveURL(/result=problem_found/);
  const row = page.getByTestId('ledger-row').filter({ hasText: code });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('2 件退单理由与事实不符');
  await expect(page.locator('[data-testid=ledger-row][data-result=no_problem]')).toHaveCount(0);
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ledger-csv').click()]);
  expect(file.suggestedFilename()).toMatch(/^hotline-risk-ledger-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = await readFile((await file.path())!, 'utf8');
  expect(text).toContain('checked_at,due_on,risk_code');
  expect(text).toContain(code);
  expect(text).not.toContain('no_problem');
});
