import { expect, test } from '@playwright/test';
import { ready, signInAs } from './helpers';

/** A date `days` from now in the desk's zone, as a date input takes it. */
function inDays(days: number) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + days * 86_400_000));
}

// Compliance publishes a warning notice on a risk to a department (and those below it); the
// department's lead hears of it in the bell, reads it and acknowledges it; compliance sees
// who has and who has not. On the desktop and on an iPad.
test('a warning notice reaches a department, is acknowledged, and compliance sees who has', async ({ page }, info) => {
  test.setTimeout(90_000);
  const title = `夜间施工投诉激增（${info.project.name}-${Date.now().toString(36).slice(-4)}）`;
  await signInAs(page, 'compliance');
  await page.goto('/risks');
  await ready(page);
  await page.getByTestId('risk-row').filter({ hasText: 'R-STALL-01' }).locator('a').first().click();
  await expect(page).toHaveURL(/\/risks\/\d+$/);
  await ready(page);
  const form = page.getByTestId('publish-notice');
  await form.locator('summary').click();
  await form.locator('[name=title]').fill(title);
  await form.locator('[name=body]').fill('各部门加强夜间巡查，22 点后施工一律先行制止并拍照留存。');
  await form.locator('[name=deadline]').fill(inDays(5));
  // Without anyone to tell, it is refused on that field.
  await form.getByTestId('send-notice').click();
  await expect(form.locator('.field-error[data-field=recipients]')).toBeVisible();
  await form.getByTestId('notice-departments').locator('label.check', { hasText: '城市管理局' }).locator('input').check();
  await form.getByTestId('send-notice').click();
  await expect(page).toHaveURL(/\/risks\/notices\/\d+$/);
  await ready(page);
  const noticeUrl = page.url();
  await expect(page.getByTestId('notice-title')).toHaveText(title);
  await expect(page.getByTestId('coverage-total')).toContainText(/0 \/ [3-9]/);
  await expect(page.getByTestId('missing')).toContainText('赵刚');

  await signInAs(page, 'lead');
  await ready(page);
  await expect(page.locator('.bell li[data-kind=risk_notice]').filter({ hasText: title })).toHaveCount(1);
  await page.goto('/risks/warnings');
  await ready(page);
  await page.getByTestId('to-notices').click();
  await expect(page).toHaveURL(/\/risks\/notices$/);
  await ready(page);
  const mine = page.getByTestId('my-notice').filter({ hasText: title });
  await expect(mine).toHaveAttribute('data-acknowledged', 'false');
  await mine.locator('a').first().click();
  await expect(page).toHaveURL(noticeUrl);
  await ready(page);
  await expect(page.getByTestId('notice-body')).toContainText('22 点后施工');
  await page.getByTestId('acknowledge').click();
  await expect(page.getByTestId('acknowledged')).toBeVisible();
  await expect(page.getByTestId('acknowledge')).toHaveCount(0);

  await signInAs(page, 'compliance');
  await page.goto(noticeUrl);
  await ready(page);
  await expect(page.getByTestId('coverage-total')).toContainText(/^1 \/ [3-9]/);
  await expect(page.getByTestId('missing')).not.toContainText('赵刚');
  // The risk's history has both.
  await page.getByRole('link', { name: /R-STALL-01/ }).first().click();
  await ready(page);
  const timeline = page.getByTestId('timeline').locator(':scope > li');
  await expect(timeline.filter({ hasText: '发布预警通知' }).filter({ hasText: title })).toHaveCount(1);
  await expect(timeline.filter({ hasText: '确认阅知' }).filter({ hasText: title })).toHaveCount(1);
});
