import { expect, test } from '@playwright/test';
import { ready, registerNoiseComplaint, signInAs, signInAsAdmin } from './helpers';

/** Today in the desk's timezone (Asia/Shanghai), as the period field takes days. */
function today() {
  const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  return `${day}..${day}`;
}

// The KPIs (考核指标): an agent registers a complaint (dispatched at once); a supervisor then
// reads today's figures for every department and handler, each with its numerator and
// denominator on hover, and downloads them; a handler sees their own line only.
test('today\'s KPIs, as a supervisor and as a handler see them', async ({ page }, info) => {
  test.setTimeout(90_000);
  const period = today();
  await signInAs(page, 'agent');
  await registerNoiseComplaint(page, `考核指标：今日派单（${info.project.name}）`);
  await signInAs(page, 'supervisor');
  await page.getByRole('link', { name: '考核指标' }).first().click();
  await expect(page).toHaveURL(/\/assessment$/);
  await ready(page);
  await page.getByTestId('period').fill(period);
  await page.getByRole('button', { name: '查看' }).click();
  await expect(page).toHaveURL(/\/assessment\?period=\d{4}-\d\d-\d\d\.\.\d{4}-\d\d-\d\d$/);
  await ready(page);
  const departments = page.getByTestId('kpi-departments');
  await expect(departments.locator('thead th')).toHaveCount(1 + 13);
  await expect(page.getByTestId('compliance-departments').locator('thead th')).toHaveCount(1 + 6);
  const desk = departments.locator('tr.total');
  await expect(desk).toContainText('全中心');
  // The desk's on-time sign-for: a percentage whose tooltip is its numerator / denominator.
  const signFor = desk.locator('td[data-kpi=on_time_sign_for]');
  await expect(signFor).toHaveText(/^\d+\.\d%$/);
  const [n, d] = (await signFor.getAttribute('title'))!.split(' / ').map(Number);
  expect(d, 'at least the complaint just dispatched').toBeGreaterThan(0);
  expect(await signFor.textContent()).toBe(`${((n / d) * 100).toFixed(1)}%`);
  await expect(departments.locator('tbody tr').filter({ hasText: '城管执法大队' })).toHaveCount(1);
  const persons = page.getByTestId('kpi-persons');
  await expect(persons.locator('tbody tr').filter({ hasText: '李四' })).toHaveCount(1);
  await expect(persons.locator('tbody tr').filter({ hasText: '王强' })).toHaveCount(1);
  const download = page.waitForEvent('download');
  await page.getByTestId('assessment-csv').click();
  expect((await download).suggestedFilename()).toBe(`assessment-${period.replace('..', '_')}.csv`);

  await signInAs(page, 'handler');
  await page.goto(`/assessment?period=${period}`);
  await ready(page);
  await expect(page.getByTestId('kpi-departments')).toHaveCount(0);
  const mine = page.getByTestId('kpi-persons').locator('tbody tr');
  await expect(mine).toHaveCount(1);
  await expect(mine).toContainText('李四');
  // A period that does not exist is a clear error, not a blank page.
  await page.goto('/assessment?period=2026-13');
  await ready(page);
  await expect(page.locator('.alert, .error').first()).toBeVisible();
});

// The scoring scheme (评分方案): an admin's bad figure is named on its line; taking a KPI
// out (full marks 0) takes its column out of the league table, whose two groups rank apart.
test('an admin changes the scoring scheme and the league table follows', async ({ page }) => {
  test.setTimeout(90_000);
  await signInAsAdmin(page);
  await page.goto('/assessment');
  await ready(page);
  await page.getByRole('link', { name: '评分方案' }).click();
  await expect(page).toHaveURL(/\/assessment\/scheme$/);
  await ready(page);
  await page.getByTestId('weight-satisfaction').fill('很多');
  await page.getByTestId('save-scheme').click();
  await expect(page.locator('tr[data-kpi=satisfaction] .field-error')).toBeVisible();
  await page.getByTestId('weight-satisfaction').fill('25');
  await page.getByTestId('weight-extension_rate').fill('0');
  await page.getByTestId('save-scheme').click();
  await expect(page.getByTestId('saved')).toBeVisible();
  // Read back: the KPI is no longer in the scheme.
  await page.goto('/assessment/scheme');
  await ready(page);
  await expect(page.getByTestId('weight-extension_rate')).toHaveValue('');
  await expect(page.getByTestId('weight-satisfaction')).toHaveValue('25');

  await page.goto(`/assessment/league?period=${today()}`);
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('考核通报');
  const groups = page.getByTestId('league-group');
  await expect(groups).toHaveCount(2);
  await expect(groups.first()).toContainText('委办局');
  await expect(groups.nth(1)).toContainText('城管执法大队');
  const head = page.getByTestId('league-table').first().locator('thead');
  await expect(head.locator('th[data-kpi=extension_rate]')).toHaveCount(0);
  await expect(head.locator('th[data-kpi=on_time_sign_for]')).toHaveCount(1);
  // Print: a hydrated handler (the page's CSP refuses inline ones) opens the print dialog.
  await page.evaluate(() => { (window as any).printed = 0; window.print = () => { (window as any).printed += 1; }; });
  await page.getByTestId('print').click();
  expect(await page.evaluate(() => (window as any).printed)).toBe(1);
  const download = page.waitForEvent('download');
  await page.getByTestId('league-csv').click();
  expect((await download).suggestedFilename()).toMatch(/^league-\d{4}-\d\d-\d\d_\d{4}-\d\d-\d\d\.csv$/);
});

// The annual assessment (年度考核): last year, ended, is closed by a supervisor with a reason;
// the page then shows the kept version, anchored to the history chain, and its grades.
test('a supervisor closes last year\'s assessment and it is kept', async ({ page }, info) => {
  test.setTimeout(90_000);
  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear() - 1;
  await signInAs(page, 'supervisor');
  await page.goto('/assessment');
  await ready(page);
  await page.getByRole('link', { name: '年度考核' }).click();
  await expect(page).toHaveURL(/\/assessment\/annual$/);
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${year} 年度考核`);
  await expect(page.getByTestId('annual-departments').locator('tbody tr').first()).toBeVisible();
  await expect(page.getByTestId('annual-grade').first()).toHaveText(/^(优秀|合格|基本合格|不合格)$/);
  const before = await page.getByTestId('annual-versions').locator('li').count();
  await page.getByTestId('close-reason').fill(`年度考核定稿（${info.project.name}）`);
  await page.getByTestId('close-year-submit').click();
  await expect(page.getByTestId('annual-closed')).toHaveAttribute('data-version', /^\d+$/);
  await expect(page.getByTestId('annual-versions')).toContainText(info.project.name);
  // (the other project's run may close it too, beside this one)
  expect(await page.getByTestId('annual-versions').locator('li').count()).toBeGreaterThan(before);
  const download = page.waitForEvent('download');
  await page.getByTestId('annual-csv').click();
  expect((await download).suggestedFilename()).toBe(`annual-assessment-${year}.csv`);
  // A handler reads their own line of it only.
  await signInAs(page, 'handler');
  await page.goto(`/assessment/annual?year=${year}`);
  await ready(page);
  await expect(page.getByTestId('annual-closed')).toBeVisible();
  await expect(page.getByTestId('annual-departments')).toHaveCount(0);
  await expect(page.getByTestId('annual-persons').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('close-year')).toHaveCount(0);
});
