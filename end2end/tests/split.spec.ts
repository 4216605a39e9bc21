import { expect, Request, test } from '@playwright/test';
import { ready, signInAs } from './helpers';

// The browser bundle comes in parts: the shell, and one group of pages each (the board, the
// report, the desk, administration), fetched when a page of the group is first shown.
const wasmOf = (requests: Request[]) =>
  requests.map((r) => new URL(r.url()).pathname).filter((p) => p.endsWith('.wasm'));

test('the board downloads the shell and the board, and the report its own part when opened', async ({ page }, info) => {
  test.skip(info.project.name !== 'desktop', 'the same bundle on every device');
  await signInAs(page, 'supervisor');
  // From here on, a fresh page with nothing of the bundle in memory.
  const requests: Request[] = [];
  page.on('request', (r) => requests.push(r));
  await page.goto('/board');
  await ready(page);
  await expect(page.getByTestId('live-state')).toHaveText('实时');

  const board = wasmOf(requests);
  // Every part lives in the build's folder, named by the hash of its content.
  for (const path of board) expect(path).toMatch(/^\/pkg\/[0-9a-f]{16}\/[\w.]+\.wasm$/);
  expect(board.some((p) => p.endsWith('/hotline.wasm')), 'the shell').toBe(true);
  expect(board.some((p) => p.includes('board_group')), 'the board\'s part').toBe(true);
  for (const other of ['report_group', 'desk_group', 'risk_group', 'admin_group']) {
    expect(board.some((p) => p.includes(other)), `${other} is not fetched for the board`).toBe(false);
  }
  // The server-rendered page names every part of the board's group for preloading (so they
  // download beside the shell), and nothing of the other groups.
  const html = await (await page.request.get('/board')).text();
  const preloads = [...html.matchAll(/<link rel="preload" href="([^"]+\.wasm)"/g)].map((m) => m[1]);
  for (const part of board.filter((p) => !p.endsWith('/hotline.wasm'))) {
    expect(preloads, `${part} is preloaded`).toContain(part);
  }
  // A preloaded part is the one the loader then uses: each file is fetched once.
  expect(new Set(board).size, board.join(' ')).toBe(board.length);
  for (const other of ['report_group', 'desk_group', 'risk_group', 'admin_group']) {
    expect(preloads.some((p) => p.includes(other)), `${other} is not preloaded`).toBe(false);
  }

  // A click on the report in the menu: the app navigates itself (no new document) and
  // fetches the report's part, which then shows the figures.
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
  requests.length = 0;
  await page.locator('nav.mainnav a[href="/report"]').click();
  await expect(page).toHaveURL(/\/report$/);
  await expect(page.getByTestId('figures')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
  const report = wasmOf(requests);
  expect(report.some((p) => p.includes('report_group')), report.join(' ')).toBe(true);
  expect(report.some((p) => p.endsWith('/hotline.wasm')), 'the shell is not fetched again').toBe(false);
});
