import { defineConfig, devices } from '@playwright/test';

// Debian's Chromium only: Playwright never downloads a browser here.
const chromium = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
};
const baseURL = process.env.HOTLINE_BASE_URL ?? 'http://127.0.0.1:3100';

export default defineConfig({
  testDir: './tests',
  fullyParallel: true,
  workers: 2,
  // One retry in CI: a test that passes only on its retry is still reported, as flaky.
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: { baseURL, locale: 'zh-CN', launchOptions: chromium, trace: 'retain-on-failure' },
  projects: [
    {
      name: 'desktop',
      use: { ...devices['Desktop Chrome'], launchOptions: chromium },
      testIgnore: /nojs\.spec\.ts/,
    },
    {
      name: 'ipad',
      // iPad Pro 11 size and touch, in Chromium.
      use: {
        viewport: { width: 834, height: 1194 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        launchOptions: chromium,
      },
      testIgnore: /nojs\.spec\.ts/,
    },
    {
      name: 'nojs',
      use: { ...devices['Desktop Chrome'], javaScriptEnabled: false, launchOptions: chromium },
      testMatch: /nojs\.spec\.ts/,
    },
  ],
});
