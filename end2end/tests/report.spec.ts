import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { ready, signInAs } from './helpers';

/** Today in the desk's timezone (the server's default, Asia/Shanghai), YYYY-MM-DD. */
function today() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

// A supervisor reads today's report on an iPad: the figures, the SVG charts, the league
// table; then downloads the report as CSV and as Excel and both parse.
test('the report shows its charts on a tablet and its downloads parse', async ({ page }, info) => {
  test.skip(info.project.name !== 'ipad', 'the tablet is the report\'s device');
  test.setTimeout(60_000);
  // Something happened today: the agent registers a ticket.
  await signInAs(page, 'agent');
  await page.goto('/tickets/new');
  await ready(page);
  await page.locator('#caller_phone').fill('139' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0'));
  await page.locator('#caller_name').fill('赵六');
  await page.locator('#category_id').selectOption({ label: '市场秩序' });
  await page.locator('#description').fill('超市出售过期食品，要求查处。');
  await page.getByTestId('register').click();
  await expect(page).toHaveURL(/\/tickets\/\d{8}-\d{6}$/);

  await signInAs(page, 'supervisor');
  await page.goto(`/report?date=${today()}`);
  await ready(page);
  await expect(page.getByTestId('report-date')).toHaveText(today());
  const received = page.locator('.figure[data-metric=received] .value');
  expect(Number(await received.textContent())).toBeGreaterThanOrEqual(1);
  // The demo's letters are in force and signed by its front line.
  const letters = page.getByTestId('report-policies').locator('.figure[data-metric=letters_signed] .value');
  await expect(letters).toHaveText(/^[1-9]\d* \/ [1-9]\d*$/);
  // Training: the demo's courses are due to their audiences; violations: today's figures.
  const training = page.getByTestId('report-training').locator('.figure[data-metric=training_completed] .value');
  await expect(training).toHaveText(/^\d+ \/ [1-9]\d*$/);
  await expect(page.getByTestId('report-violations').locator('.figure[data-metric=violation_points] .value')).toHaveText(/^\d+$/);
  for (const chart of ['chart-trend', 'chart-categories', 'chart-satisfaction']) {
    const svg = page.getByTestId(chart).locator('svg');
    await expect(svg).toBeVisible();
    const box = (await svg.boundingBox())!;
    expect(box.width, `${chart} fits the tablet`).toBeLessThanOrEqual(834);
  }
  await expect(page.getByTestId('chart-trend').locator('polyline')).toHaveCount(3);
  await expect(page.getByTestId('chart-categories').locator('rect.bar').first()).toBeVisible();
  await expect(page.getByTestId('league').locator('tbody tr').first()).toBeVisible();
  await expect(page.getByTestId('report-source')).toContainText('实时计算');

  // CSV: the documented metric,key,value lines.
  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-csv').click(),
  ]);
  expect(csvDownload.suggestedFilename()).toBe(`hotline-report-${today()}.csv`);
  const csv = (await readFile((await csvDownload.path())!, 'utf8')).replace(/^\uFEFF/, '');
  const lines = csv.split('\n');
  expect(lines[0]).toBe('metric,key,value');
  for (const metric of ['training_completion_rate', 'violations_proposed', 'violation_points']) {
    expect(lines.some((l) => l.startsWith(`${metric},,`)), metric).toBe(true);
  }
  const row = lines.find((l) => l.startsWith('received,,'))!;
  // Other tests register tickets meanwhile: today's count can only have grown.
  const shown = Number(await received.textContent());
  const inCsv = Number(row.split(',')[2]);
  expect(inCsv).toBeGreaterThanOrEqual(shown);

  // Excel: the same figures on the "figures" sheet, and the league table.
  const [xlsxDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-xlsx').click(),
  ]);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await xlsxDownload.path())!);
  const figures = book.getWorksheet('figures')!;
  expect(figures.getRow(1).values).toEqual([, 'metric', 'key', 'value']);
  let value = -1;
  figures.eachRow((r) => {
    if (r.getCell(1).value === 'received') value = Number(r.getCell(3).value);
  });
  expect(value).toBeGreaterThanOrEqual(inCsv);
  expect(book.getWorksheet('departments')!.rowCount).toBeGreaterThan(1);
});
