// First paint of the board on an iPad in portrait (834 × 1194, touch), as Lighthouse would
// measure it: Chromium's DevTools protocol throttles the network to "Fast 4G" (165 ms RTT,
// 9 Mbit/s down, 1.5 up — DevTools' preset) and the CPU 4×. Prints, for a first visit (empty
// cache) and a second one (cached assets): LCP, total blocking time, the time until a tap on
// the board is answered by the hydrated page, and the bytes transferred by kind.
// Usage: node bench/first-paint.mjs BASE_URL LOGIN PASSWORD [RUNS]
// FIRST_PAINT_ENCODING=identity asks for nothing compressed: the desk as it was served before
// assets were precompressed and pages compressed (the same build, for a before/after ratio).
import { chromium } from '../end2end/node_modules/playwright-core/index.mjs';

const [base, login, password, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const FAST_4G = { offline: false, latency: 165, downloadThroughput: (9e6 / 8) * 0.9, uploadThroughput: (1.5e6 / 8) * 0.9 };

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

// Web-vitals the page records for itself from the first byte on.
const observe = () => {
  window.__vitals = { lcp: 0, longTasks: [] };
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__vitals.lcp = e.startTime; })
    .observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__vitals.longTasks.push([e.startTime, e.duration]); })
    .observe({ type: 'longtask', buffered: true });
};

async function visit(context, label) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', FAST_4G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  if (process.env.FIRST_PAINT_ENCODING) {
    await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': process.env.FIRST_PAINT_ENCODING } });
  }
  const bytes = {};
  let requests = 0;
  const kinds = new Map();
  cdp.on('Network.responseReceived', (e) => kinds.set(e.requestId, e.type));
  cdp.on('Network.loadingFinished', (e) => {
    const kind = kinds.get(e.requestId) ?? 'Other';
    bytes[kind] = (bytes[kind] ?? 0) + e.encodedDataLength;
    requests += 1;
  });
  await page.addInitScript(observe);
  const start = Date.now();
  await page.goto(`${base}/board`, { waitUntil: 'commit' });
  // Hydrated = a tap on the lane switcher is handled by the app (no #hash jump).
  const link = page.locator('.lane-switch a').nth(3);
  await link.waitFor();
  let reacted = null;
  for (let i = 0; i < 600 && reacted === null; i++) {
    await page.evaluate(() => history.replaceState(null, '', location.pathname + location.search));
    await link.dispatchEvent('click');
    if (await page.evaluate(() => location.hash === '')) reacted = Date.now() - start;
    else await page.waitForTimeout(50);
  }
  await page.waitForTimeout(1500);
  const v = await page.evaluate(() => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0;
    const tbt = window.__vitals.longTasks.filter(([s]) => s >= fcp).reduce((t, [, d]) => t + Math.max(0, d - 50), 0);
    return { lcp: window.__vitals.lcp, fcp, tbt };
  });
  await page.close();
  return { label, ...v, reacted, bytes, requests };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const results = { first: [], second: [] };
for (let r = 0; r < runs; r++) {
  const context = await browser.newContext({ viewport: { width: 834, height: 1194 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  const res = await context.request.post(`${base}/api/login`, { form: { login, password }, headers: { Origin: base, Accept: 'application/json' } });
  if (!res.ok()) throw new Error(`sign-in failed: ${res.status()}`);
  results.first.push(await visit(context, 'first'));
  results.second.push(await visit(context, 'second'));
  await context.close();
}
await browser.close();

for (const [label, rs] of Object.entries(results)) {
  const kb = (k) => (median(rs.map((r) => r.bytes[k] ?? 0)) / 1024).toFixed(1);
  const total = median(rs.map((r) => Object.values(r.bytes).reduce((a, b) => a + b, 0)));
  console.log(`${label} visit (median of ${rs.length}, iPad 834 px, Fast 4G, CPU 4x, Accept-Encoding ${process.env.FIRST_PAINT_ENCODING ?? 'as Chromium sends it'}):`);
  console.log(`  FCP ${median(rs.map((r) => r.fcp)).toFixed(0)} ms · LCP ${median(rs.map((r) => r.lcp)).toFixed(0)} ms · TBT ${median(rs.map((r) => r.tbt)).toFixed(0)} ms · tap answered (hydrated) ${median(rs.map((r) => r.reacted ?? NaN))} ms`);
  console.log(`  transferred ${(total / 1024).toFixed(1)} KB: document ${kb('Document')} · script ${kb('Script')} · wasm/fetch ${kb('Fetch')} · css ${kb('Stylesheet')} · other ${kb('Other')} · ${median(rs.map((r) => r.requests))} requests`);
}
