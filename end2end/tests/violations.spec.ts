import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { ready, signInAs } from './helpers';

/** Today in the desk's timezone (Asia/Shanghai), as a period of one day. */
function today() {
  const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  return `${day}..${day}`;
}

/** The violation points the league table takes off the enforcement brigade today. */
async function brigadeDeduction(page: Page) {
  await page.goto(`/assessment/league?period=${today()}`);
  await ready(page);
  const row = page.getByTestId('league-row').filter({ hasText: '城管执法大队' });
  await expect(row).toHaveCount(1);
  return -Number((await row.getByTestId('league-deducted').textContent())!.replace('−', '-'));
}

// Accountability: compliance proposes a violation from the demo's confirmed warning on the
// second enforcement handler's returns and notifies it; the handler appeals from the bell's
// link; the centre head reduces it; the league table (考核通报) takes the 2 points off the
// brigade; the handler's list and scorecard show the points as decided.
test('a violation from a confirmed warning is appealed and reduced', async ({ page }, info) => {
  test.setTimeout(120_000);
  const facts = `本周 4 次以“非本单位职责”退单（${info.project.name}）`;
  await signInAs(page, 'compliance');
  await page.goto('/risks/warnings?all=1');
  await ready(page);
  const card = page.getByTestId('warning').filter({ hasText: '王强' }).and(page.locator('[data-state=confirmed]'));
  await expect(card).toHaveCount(1);
  await card.getByTestId('warning-to-violation').click();
  await expect(page).toHaveURL(/\/violations\/new\?warning=\d+$/);
  await ready(page);
  await expect(page.getByTestId('from-warning')).toBeVisible();
  await expect(page.getByTestId('violation-person').locator('option:checked')).toContainText('王强');
  await expect(page.getByTestId('violation-conduct')).toHaveValue('stalling');
  // The facts are required: the form says so on the field.
  await page.getByTestId('severity-general').check();
  await page.getByTestId('violation-facts').fill(facts);
  await page.getByTestId('violation-propose').click();
  await expect(page).toHaveURL(/\/violations\/\d+$/);
  const url = page.url();
  await ready(page);
  await expect(page.getByTestId('violation-state')).toHaveAttribute('data-state', 'proposed');
  await expect(page.getByTestId('violation-penalty')).toContainText('扣 5 分');
  await expect(page.getByTestId('violation-warning')).toBeVisible();
  await page.getByTestId('violation-notify').click();
  await expect(page.getByTestId('violation-state')).toHaveAttribute('data-state', 'notified');
  await expect(page.getByTestId('violation-appeal-until')).toBeVisible();
  const code = (await page.getByRole('heading', { level: 1 }).textContent())!.split(' ')[0];

  // The handler hears of it and appeals.
  await signInAs(page, 'handler2');
  await ready(page);
  const bell = page.locator('.bell li[data-kind=violation_notified]').filter({ hasText: code });
  await expect(bell).toHaveCount(1);
  await page.goto(url);
  await ready(page);
  await page.getByTestId('appeal-text').fill('四张工单的地址均在河东区，属二中队辖区，退单有据。');
  await page.getByTestId('violation-appeal-submit').click();
  await expect(page.getByTestId('violation-state')).toHaveAttribute('data-state', 'appealed');
  await expect(page.getByTestId('violation-appeal')).toContainText('河东区');
  await expect(page.getByTestId('appeal-form')).toHaveCount(0);

  // The centre head finds the appeal on their work and reduces it: 2 points, no measure.
  await signInAs(page, 'head');
  const before = await brigadeDeduction(page);
  await page.goto('/work');
  await ready(page);
  await page.getByTestId('violation-todo').getByRole('link').filter({ hasText: code }).click();
  await expect(page).toHaveURL(url);
  await ready(page);
  await page.getByTestId('outcome-reduced').check();
  await page.getByTestId('violation-points-input').fill('2');
  await page.getByTestId('violation-discipline').selectOption('none');
  await page.getByTestId('decide-reason').fill('两张工单确属二中队辖区，酌情减轻。');
  await page.getByTestId('violation-decide').click();
  await expect(page.getByTestId('violation-state')).toHaveAttribute('data-state', 'decided');
  await expect(page.getByTestId('violation-outcome')).toHaveAttribute('data-outcome', 'reduced');
  await expect(page.getByTestId('violation-counted')).toHaveText('2');
  await expect(page.getByTestId('timeline').locator(':scope > li')).toHaveCount(4);
  // The league table now takes the 2 decided points off the brigade (a test running beside
  // this one may add its own).
  expect(await brigadeDeduction(page)).toBeGreaterThanOrEqual(before + 2);
  await expect(page.getByTestId('black-list')).toBeVisible();

  // The handler's list: this one at −5 → −2.
  await signInAs(page, 'handler2');
  await page.goto('/violations');
  await ready(page);
  const row = page.getByTestId('violation-row').filter({ hasText: code });
  await expect(row.getByTestId('violation-points')).toHaveText('−5 → −2');
  await expect(row).toHaveAttribute('data-state', 'decided');
  // Their scorecard lists it with the 2 points that count.
  await page.goto(`/assessment/scorecard?period=${today()}`);
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('王强');
  const mine = page.getByTestId('scorecard-violation').filter({ hasText: code });
  await expect(mine).toContainText('−2');
});
