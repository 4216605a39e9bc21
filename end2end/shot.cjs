const { chromium } = require('playwright');
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  for (const [w, h] of [[360, 780], [834, 1194], [1280, 900]]) {
    const ctx = await browser.newContext({ viewport: { width: w, height: h }, locale: 'zh-CN' });
    const page = await ctx.newPage();
    await page.goto('http://127.0.0.1:3300/login');
    await page.fill('#login', 'compliance'); await page.fill('#password', 'xE9TebmgV5ZfvmrQ');
    await page.click('form button[type=submit].primary');
    await page.waitForURL(u => !u.pathname.startsWith('/login'));
    await page.goto('http://127.0.0.1:3300/risks/warnings');
    await page.waitForTimeout(1500);
    await page.screenshot({ path: '/tmp/shots/warnings-' + w + '.png', fullPage: w !== 360 });
    if (w === 834) {
      const href = await page.locator('[data-testid=warning] a[href^="/risks/"]').first().getAttribute('href');
      await page.goto('http://127.0.0.1:3300' + href + '#warnings');
      await page.waitForTimeout(1500);
      await page.screenshot({ path: '/tmp/shots/risk-834.png', fullPage: true });
      await page.context().clearCookies();
      await page.goto('http://127.0.0.1:3300/login');
      await page.fill('#login', 'admin'); await page.fill('#password', 'yxy7H9qLBAm66Tqh');
      await page.click('form button[type=submit].primary');
      await page.waitForURL(u => !u.pathname.startsWith('/login'));
      await page.goto('http://127.0.0.1:3300/admin/risk-matrix');
      await page.waitForTimeout(1500);
      await page.screenshot({ path: '/tmp/shots/thresholds-834.png', fullPage: true });
    }
    await ctx.close();
  }
  await browser.close();
})();
