const { chromium } = require('playwright');
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  const shots = [['http://127.0.0.1:3300', 'xE9TebmgV5ZfvmrQ', '/report', 'report'], ['http://127.0.0.1:3200', 'yavME94Gnj2Ayyq7', '/risks/notices/1', 'notice']];
  for (const [w, h] of [[360, 780], [834, 1194]]) {
    for (const [base, pw, path, name] of shots) {
      const ctx = await browser.newContext({ viewport: { width: w, height: h }, locale: 'zh-CN' });
      const page = await ctx.newPage();
      await page.goto(base + '/login');
      await page.fill('#login', 'compliance'); await page.fill('#password', pw);
      await page.click('form button[type=submit].primary');
      await page.waitForURL(u => !u.pathname.startsWith('/login'));
      await page.goto(base + path);
      await page.waitForTimeout(1500);
      if (name === 'report') await page.locator('[data-testid=report-risks]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: '/tmp/shots/' + name + '-' + w + '.png', fullPage: name === 'notice' });
      await ctx.close();
    }
  }
  await browser.close();
})();
