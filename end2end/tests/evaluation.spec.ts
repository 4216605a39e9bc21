import { expect, test } from '@playwright/test';
import { ready, signInAs } from './helpers';

/** A day `days` from now as a date input takes it (the browser's clock). */
function day(days: number) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

// The effectiveness evaluation (有效性评估): compliance opens one for a period, reads the
// evidence the desk filled in for the four dimensions, scores each with findings, sets an
// improvement task for the department lead and finishes it; the lead finds the task among
// their own and closes it with what was done.
test('an evaluation is scored and finished, and its owner closes the improvement task', async ({ page }, info) => {
  test.setTimeout(120_000);
  const name = `年度有效性评估（${info.project.name} ${Date.now()}）`;
  const action = `修订签收规程（${info.project.name} ${Date.now()}）`;
  await signInAs(page, 'compliance');
  await page.getByRole('link', { name: '有效性评估' }).first().click();
  await expect(page).toHaveURL(/\/evaluations$/);
  await ready(page);
  await page.getByTestId('ev-title').fill(name);
  await page.getByTestId('ev-first').fill(day(-60));
  await page.getByTestId('ev-last').fill(day(-1));
  await page.getByTestId('ev-open').click();
  await expect(page).toHaveURL(/\/evaluations\/\d+$/);
  await ready(page);
  await expect(page.locator('h1')).toContainText(name);
  const sections = page.locator('section.dimension');
  await expect(sections).toHaveCount(4);
  // The evidence is there before anyone scores: the period's figures against the one before.
  const onTime = page.locator('[data-dimension=process] tr[data-measure=on_time_rate] [data-testid=evidence-now]');
  await expect(onTime).toHaveText(/^(\d+\.\d%|—)$/);
  await expect(page.locator('[data-dimension=risk] [data-testid=evidence] tbody tr')).toHaveCount(5);

  const scores: [string, string][] = [['policy', '90'], ['process', '70'], ['risk', '80'], ['satisfaction', '60']];
  for (const [dimension, score] of scores) {
    const section = page.locator(`section[data-dimension=${dimension}]`);
    await section.getByTestId('score').fill(score);
    await section.getByTestId('findings').fill(`${dimension}：证据显示仍有超期`);
    await section.getByTestId('score-submit').click();
    await expect(section.getByTestId('dim-score')).toHaveText(score);
  }
  await expect(page.getByTestId('ev-overall')).toHaveText('75');

  const process = page.locator('section[data-dimension=process]');
  await process.locator('details summary').click();
  await process.getByTestId('task-action').fill(action);
  await process.getByTestId('task-owner').selectOption({ label: '赵刚' });
  await process.getByTestId('task-due').fill(day(30));
  await process.getByTestId('task-submit').click();
  await expect(process.getByTestId('dim-tasks')).toContainText(action);

  await page.getByTestId('ev-finish').click();
  await expect(page.getByTestId('ev-finished')).toBeVisible();
  await expect(page.getByTestId('score-form')).toHaveCount(0);

  await signInAs(page, 'lead');
  await page.goto('/evaluations');
  await ready(page);
  const task = page.getByTestId('my-tasks').locator('li').filter({ hasText: action });
  await expect(task).toHaveCount(1);
  await task.getByTestId('task-note').fill('已修订并培训');
  await task.getByTestId('task-done').click();
  await expect(page.getByTestId('my-tasks').locator('li').filter({ hasText: action })).toHaveCount(0);
});

// The annual management report (年度管理情况报告): every section renders from the year's
// figures, the suggestions are saved with it and the PDF downloads; a supervisor issues an
// ended year, which then shows as its version.
test('the annual report renders every section, the PDF downloads and an ended year is issued', async ({ page }, info) => {
  test.setTimeout(180_000);
  const year = new Date().getFullYear();
  await signInAs(page, 'supervisor');
  await page.goto(`/assessment/annual-report?year=${year}`);
  await ready(page);
  const report = page.getByTestId('annual-report');
  await expect(report).toHaveAttribute('data-year', String(year));
  for (const section of ['situation', 'risks', 'accountability', 'training', 'evaluation', 'suggestions']) {
    await expect(report.locator(`[data-section=${section}] h2`)).toBeVisible();
  }
  await expect(page.getByTestId('report-chain')).toHaveText(/^#\d+ [0-9a-f]{16}$/);
  await expect(report.locator('figure.chart')).toHaveCount(2);
  const received = Number(await page.locator('[data-testid=report-volumes] tbody tr').first().locator('td').first().textContent());
  expect(received, 'the demo desk received tickets this year').toBeGreaterThan(0);
  await expect(page.getByTestId('report-months').locator('tbody tr')).toHaveCount(new Date().getMonth() + 1);
  await expect(page.getByTestId('report-kpis').locator('tr')).toHaveCount(13);
  await expect(page.getByTestId('report-risk-grades').locator('tbody tr')).toHaveCount(4);
  await expect(page.getByTestId('issue-form')).toHaveCount(0);

  const download = page.waitForEvent('download');
  await page.getByTestId('annual-report-pdf').click();
  const pdf = await download;
  expect(pdf.suggestedFilename()).toBe(`annual-report-${year}.pdf`);
  const fs = await import('node:fs/promises');
  const bytes = await fs.readFile((await pdf.path())!);
  expect(bytes.subarray(0, 4).toString()).toBe('%PDF');
  expect(bytes.length).toBeGreaterThan(10_000);

  // An ended year (one per project, so the two do not issue each other's): suggestions
  // saved, then issued; the issued version carries them.
  const ended = info.project.name === 'desktop' ? year - 1 : year - 2;
  const text = `建议加强回访（${info.project.name} ${Date.now()}）`;
  await page.goto(`/assessment/annual-report?year=${ended}`);
  await ready(page);
  await page.getByTestId('suggestions').fill(text);
  // Saved (the server function answered) before the page is read again.
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/assessment/annual_suggestions') && r.ok()),
    page.getByTestId('suggestions-save').click(),
  ]);
  await page.reload();
  await ready(page);
  await expect(page.getByTestId('suggestions')).toHaveValue(text);
  await page.getByTestId('issue-reason').fill('年度报告签发');
  await page.getByTestId('issue-submit').click();
  await expect(page.getByTestId('report-issued')).toBeVisible();
  await expect(page.getByTestId('report-suggestions')).toHaveText(text);
  await expect(page.getByTestId('report-versions').locator('li').first()).toContainText('年度报告签发');
});
