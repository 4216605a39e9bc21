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
    for (const [name, path] of [['warnings', '/risks/warnings'], ['ledger', '/risks/ledger?from=2026-01-01']]) {
      await page.goto('http://127.0.0.1:3300' + path);
      await page.waitForTimeout(1200);
      await page.screenshot({ path: '/tmp/shots/' + name + '-' + w + '.png', fullPage: false });
    }
    await ctx.close();
  }
  await browser.close();
})();
