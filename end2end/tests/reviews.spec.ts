import { expect, test } from '@playwright/test';
import { act, expectState, inDays, open, ready, registerNoiseComplaint, signInAs } from './helpers';

// 未经审查不得实施: a supervisor's extension beyond the limit (10 working days in the demo)
// becomes a compliance review request; nothing changes on the ticket until compliance
// approves, and then the new deadline is the ticket's.
test('an extension beyond the limit waits for compliance, is approved, and moves the deadline', async ({ page }) => {
  test.setTimeout(180_000);
  const timeline = page.getByTestId('timeline');
  const due = inDays(40);

  await signInAs(page, 'agent');
  const number = await registerNoiseComplaint(page, '小区门口夜市占道经营，噪音扰民，需多部门联合整治。');
  await expectState(page, 'assigned');
  const handler = (await page.getByTestId('handler').textContent())!.trim() === '李四' ? 'handler' : 'handler2';

  await signInAs(page, handler);
  await open(page, number);
  await page.getByTestId('sign-for').click();
  await expectState(page, 'in_progress');
  await act(page, 'extension-action', async (f) => {
    await f.locator('#extension_due').fill(due);
    await f.locator('#extension_reason').fill('需会同市场监管、城管联合整治');
  });
  await expect(timeline.locator('li[data-kind=extension_requested]')).toBeVisible();

  // The supervisor approves: the decision goes to compliance instead of taking effect.
  await signInAs(page, 'supervisor');
  await open(page, number);
  await page.getByTestId('approve-extension').click();
  await expect(async () => {
    await open(page, number);
    await expect(page.getByTestId('ticket-review')).toBeVisible({ timeout: 1_000 });
  }).toPass();
  const review = page.getByTestId('ticket-review').locator('a');
  await expect(review).toHaveText(/^SC-\d{4}$/);
  const code = (await review.textContent())!.trim();
  await expect(page.getByTestId('extension-request')).toHaveCount(0);
  await expect(timeline.locator('li[data-kind=extension_decided]')).toHaveCount(0);
  await expect(page.locator('.progress')).not.toContainText(due.replace('T', ' '));

  // The handler sees that their extension waits for compliance, and can open the request.
  await signInAs(page, handler);
  await open(page, number);
  await page.getByTestId('ticket-review').getByRole('link', { name: code }).click();
  await expect(page).toHaveURL(/\/reviews\/\d+$/);
  await ready(page);
  await expect(page.getByTestId('review-waiting')).toBeVisible();

  // Compliance finds it on my work and records the review.
  await signInAs(page, 'compliance');
  await page.goto('/work');
  await ready(page);
  await page.getByTestId('review-todo').getByRole('link', { name: code }).click();
  await expect(page).toHaveURL(/\/reviews\/\d+$/);
  await ready(page);
  await expect(page.getByTestId('review-state')).toHaveAttribute('data-state', 'pending');
  await expect(page.getByTestId('review-extension')).toContainText(number);
  await expect(page.getByTestId('review-extension')).toContainText(due.replace('T', ' '));
  const form = page.getByTestId('review-form');
  // A concern cannot be approved without conditions: the form says so.
  await form.getByTestId('dimension-risk').locator('input[value=concern]').check();
  await form.getByTestId('dimension-risk').locator('textarea').fill('延期较长，需跟踪整治进度');
  await form.getByTestId('conclusion-approve').check();
  await form.getByTestId('record-review').click();
  await expect(form.locator('[data-field=conclusion]')).toBeVisible();
  await form.getByTestId('conclusion-approve_with_conditions').check();
  await form.getByTestId('review-note').fill('每周报送整治进展');
  await form.getByTestId('record-review').click();
  await expect(page.getByTestId('review-state')).toHaveAttribute('data-state', 'approved_with_conditions');
  await expect(page.getByTestId('review-record')).toContainText('每周报送整治进展');

  // The supervisor hears of it, and the ticket has its new deadline.
  await signInAs(page, 'supervisor');
  await open(page, number);
  await page.getByTestId('bell').locator('summary').click();
  await expect(page.locator('.bell li[data-kind=review_decided]').filter({ hasText: code })).toHaveCount(1);
  await expect(timeline.locator('li[data-kind=extension_decided]')).toBeVisible();
  await expect(page.getByTestId('ticket-review')).toHaveCount(0);
  await expect(page.locator('.progress')).toContainText(due.replace('T', ' '));

  // The review is in the archive, found by its code.
  await page.goto(`/reviews?q=${code}`);
  await ready(page);
  await expect(page.getByTestId('review-archive').getByTestId('review-row')).toHaveCount(1);
  await expect(page.getByTestId('review-queue').getByTestId('review-row')).toHaveCount(0);
});
