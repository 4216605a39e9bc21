import { expect, test } from '@playwright/test';
import { ready, registerNoiseComplaint, signInAs } from './helpers';

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
