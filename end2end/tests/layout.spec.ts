import { expect, Page, test } from '@playwright/test';
import { ready, signInAs, signInAsAdmin } from './helpers';

// Layout on the screens people use: a phone (360), an iPad in portrait (834) and landscape
// (1194), a desktop (1280). Each test opens its own device contexts, so it runs once (in the
// desktop project).
const SCREENS = [
  { name: 'phone', width: 360, height: 740, touch: true },
  { name: 'ipad-portrait', width: 834, height: 1194, touch: true },
  { name: 'ipad-landscape', width: 1194, height: 834, touch: true },
  { name: 'desktop', width: 1280, height: 800, touch: false },
];

async function device(browser: import('@playwright/test').Browser, s: (typeof SCREENS)[number]) {
  return browser.newContext({
    locale: 'zh-CN', viewport: { width: s.width, height: s.height },
    isMobile: s.touch, hasTouch: s.touch,
  });
}

/** No sideways scroll, and nothing wider than the screen or past its edge, except inside a
 *  box that scrolls sideways by itself (the board's lanes, a wide table): a swipe away. */
async function fitsTheScreen(page: Page, what: string) {
  const problems = await page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > vw) out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);
    const scrolls = (el: Element) => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
      }
      return false;
    };
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || getComputedStyle(el).position === 'absolute') continue;
      if (r.right > vw + 0.5 && !scrolls(el)) {
        out.push(`${el.tagName.toLowerCase()}.${(el.className || '').toString().replace(/ /g, '.')} ${Math.round(r.left)}..${Math.round(r.right)} > ${vw}`);
      }
    }
    return out.slice(0, 5);
  });
  expect(problems, what).toEqual([]);
}

test('no page scrolls sideways, from a phone to a desktop', async ({ browser }, info) => {
  test.skip(info.project.name !== 'desktop', 'opens its own devices');
  // 46 pages at four screen sizes on the debug build: about 4 min on 2 cores.
  test.setTimeout(480_000);
  const pages: [string, string[]][] = [
    ['supervisor', ['/', '/work', '/board', '/board?group=department', '/report', '/search', '/risks', '/risks/checks', '/risks/rectifications', '/risks/warnings', '/risks/ledger', '/risks/events', '/risks/events/1', '/risks/events/new', '/policies', '/policies/1', '/policies/versions/2', '/policies/letters', '/reviews', '/reviews/1', '/training', '/training/2', '/violations', '/violations/2', '/violations/new', '/assessment?period=2026-11', '/assessment/league?period=2026-11', '/assessment/annual', '/assessment/scheme', '/assessment/annual-report', '/evaluations', '/evaluations/1']],
    ['compliance', ['/reviews/2']],
    ['agent', ['/work', '/tickets/new', '/training/1']],
    ['handler', ['/work', '/board', '/assessment', '/assessment/scorecard?period=2026-11', '/evaluations']],
  ];
  for (const s of SCREENS) {
    const ctx = await device(browser, s);
    const page = await ctx.newPage();
    for (const [who, paths] of pages) {
      await signInAs(page, who);
      for (const path of paths) {
        await page.goto(path);
        await ready(page);
        await fitsTheScreen(page, `${who} ${path} at ${s.width} px`);
      }
    }
    await signInAsAdmin(page);
    for (const path of ['/admin/users', '/admin/categories', '/admin/calendar', '/admin/departments', '/admin/chain', '/admin/risk-matrix', '/admin/plans', '/policies/new', '/reviews/points', '/training/new', '/violations/scheme']) {
      await page.goto(path);
      await ready(page);
      await fitsTheScreen(page, `admin ${path} at ${s.width} px`);
    }
    await ctx.close();
  }
});

test('the board fits each screen: compact cards, nothing cut, every lane reachable', async ({ browser }, info) => {
  test.skip(info.project.name !== 'desktop', 'opens its own devices');
  test.setTimeout(120_000);
  for (const s of SCREENS) {
    const ctx = await device(browser, s);
    const page = await ctx.newPage();
    await signInAs(page, 'supervisor');
    await page.goto('/board');
    await ready(page);
    const cards = page.locator('.bcard');
    await expect(cards.first()).toBeVisible();

    // How many cards of the fullest lane stand wholly on the screen (reported, see the note).
    const visible = await page.locator('.lanes > .lane').evaluateAll((lanes) => Math.max(...lanes.map((l) =>
      Array.from(l.querySelectorAll('.bcard')).filter((e) => {
        const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;
      }).length)));
    console.log(`board at ${s.width}x${s.height}: ${visible} cards of one lane wholly visible`);

    // Cards: nothing overflows its box, at most ~120 px tall, touch targets of 44 px.
    const sizes = await cards.evaluateAll((els) => els.slice(0, 40).map((el) => {
      const over = [el, ...Array.from(el.querySelectorAll('header, .flags'))]
        .filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.tagName + '.' + e.className);
      return { height: el.getBoundingClientRect().height, over, number: el.getAttribute('data-number') };
    }));
    for (const c of sizes) {
      expect(c.over, `${c.number} at ${s.width} px`).toEqual([]);
      expect(c.height, `${c.number} at ${s.width} px`).toBeLessThanOrEqual(120);
    }
    const targets = await page.locator('.bcard a.num, .bcard .card-actions > summary, .bcard .pick-box, .lane-switch a:visible')
      .evaluateAll((els) => els.slice(0, 60).map((e) => e.getBoundingClientRect().height));
    for (const h of targets) expect(h, `touch target at ${s.width} px`).toBeGreaterThanOrEqual(44);

    // The fourth lane: on screen, or brought there by the lane switcher (a hydrated tap:
    // the app scrolls the lanes, the address keeps no #fragment).
    const fourth = page.locator('.lanes > .lane').nth(3);
    const switcher = page.locator('.lane-switch a').nth(3);
    if (await switcher.isVisible()) {
      await (s.touch ? switcher.tap() : switcher.click());
      await expect(page).not.toHaveURL(/#/);
    }
    await expect.poll(async () => {
      const r = await fourth.boundingBox();
      return r ? r.x >= -1 && r.x + r.width <= s.width + 1 : false;
    }, { message: `fourth lane on screen at ${s.width} px` }).toBe(true);
    await fitsTheScreen(page, `board at ${s.width} px`);

    await ctx.close();
  }
});

test('the report puts its controls in one row above the figures on a tablet', async ({ browser }, info) => {
  test.skip(info.project.name !== 'desktop', 'opens its own devices');
  for (const s of SCREENS.filter((x) => x.width >= 768)) {
    const ctx = await device(browser, s);
    const page = await ctx.newPage();
    await signInAs(page, 'supervisor');
    await page.goto('/report');
    await ready(page);
    const boxes = await page.locator('.report-controls > *').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ top: r.top, bottom: r.bottom, left: r.left })));
    expect(boxes.length).toBeGreaterThanOrEqual(3);
    const first = boxes[0];
    for (const b of boxes) expect(b.bottom, `one row at ${s.width} px`).toBeLessThanOrEqual(first.bottom + 30);
    const main = await page.locator('main').boundingBox();
    expect(first.left - main!.x, `the row starts at the left at ${s.width} px`).toBeLessThan(40);
    const figures = await page.locator('.figures').boundingBox();
    expect(figures!.y, 'controls above the figures').toBeGreaterThan(first.bottom);
    await ctx.close();
  }
});
