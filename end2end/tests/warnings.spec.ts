import { expect, test } from '@playwright/test';
import { ready, registerNoiseComplaint, signInAs } from './helpers';

// Automatic risk warnings from the desk's own history. On the desktop, an agent looks at a
// caller's number 21 times in a day (more than the 20 allowed); on the iPad, a supervisor
// looks at the number of a ticket that is not theirs to call back. Either way compliance
// runs the rules, finds the privacy warning with its evidence, confirms it, and the risk's
// timeline shows both steps.
test('a look at personal data too many or out of place is a warning compliance confirms', async ({ page }, info) => {
  test.setTimeout(120_000);
  const desktop = info.project.name === 'desktop';
  await signInAs(page, 'agent');
  const number = await registerNoiseComplaint(page, '小区门口夜间施工噪音，持续到凌晨。');
  await ready(page);
  const note = `已约谈当事人，纳入问责（${info.project.name}）`;
  let who: string;
  if (desktop) {
    // One look through the page, twenty more as the page's own requests would make them.
    const id = await page.locator('form:has([data-testid=reveal]) input[name=id]').inputValue();
    await page.getByTestId('reveal').click();
    await expect(page.getByTestId('caller-phone')).toHaveText(/^139\d{8}$/);
    const origin = new URL(page.url()).origin;
    for (let k = 0; k < 20; k++) {
      const r = await page.request.post('/api/tickets/reveal', { form: { id }, headers: { Origin: origin } });
      expect(r.status(), await r.text()).toBeLessThan(400);
    }
    who = '王芳';
  } else {
    await signInAs(page, 'supervisor');
    await page.goto(`/tickets/${number}`);
    await ready(page);
    await page.getByTestId('reveal').click();
    await expect(page.getByTestId('caller-phone')).toHaveText(/^139\d{8}$/);
    who = '陈敏';
  }

  await signInAs(page, 'compliance');
  await page.getByRole('link', { name: '预警' }).first().click();
  await expect(page).toHaveURL(/\/risks\/warnings$/);
  await ready(page);
  await page.getByTestId('run-warnings').click();
  await expect(page).toHaveURL(/ran=\d+/);
  const card = page.getByTestId('warning').filter({ hasText: who }).filter({ hasText: number });
  await expect(card).toHaveCount(1);
  await expect(card).toHaveAttribute('data-rule', 'privacy');
  await expect(card.getByTestId('warning-state')).toHaveText('待处理');
  await expect(card.getByTestId('warning-found')).toContainText(desktop ? '查看个人信息 21 次' : '非本人经办工单');
  await expect(card.getByTestId('warning-ticket')).toHaveText(number);
  // Compliance's bell tells of new warnings.
  await expect(page.locator('.bell li[data-kind=warning_raised]')).not.toHaveCount(0);
  const riskHref = await card.locator('a[href^="/risks/"]').getAttribute('href');

  // A dismissal needs its reason; a confirmation does not.
  await card.getByTestId('warning-dismiss').click();
  await expect(card.locator('.field-error')).toBeVisible();
  await card.locator('input[name=note]').fill(note);
  await card.getByTestId('warning-confirm').click();
  await expect(card).toHaveCount(0);
  await page.goto('/risks/warnings?all=1');
  await ready(page);
  await expect(card.getByTestId('warning-state')).toHaveText('已确认');
  await expect(card).toContainText('周婷');

  // The risk it was raised on shows it, and its history has the warning and the decision.
  await page.goto(riskHref!);
  await ready(page);
  await expect(page.getByTestId('risk-warnings').getByTestId('warning').filter({ hasText: number })).toHaveCount(1);
  const timeline = page.getByTestId('timeline').locator(':scope > li');
  await expect(timeline.filter({ hasText: '自动预警' }).filter({ hasText: number })).toHaveCount(1);
  await expect(timeline.filter({ hasText: '预警处理' }).filter({ hasText: note })).toHaveCount(1);
});
