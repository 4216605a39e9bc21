import { expect, test } from '@playwright/test';
import { ready, registerNoiseComplaint, signInAs } from './helpers';

// Risk events (风险事件). A supervisor looks at the number of a ticket that is not theirs to
// call back; the rules raise a privacy warning; compliance confirms it and turns it into a
// general risk event for the centre, whose head files the result with compliance.
test('a confirmed warning becomes a general event that the department files', async ({ page }, info) => {
  test.setTimeout(120_000);
  const title = `明文号码越权查看（${info.project.name}）`;
  await signInAs(page, 'agent');
  const number = await registerNoiseComplaint(page, '夜间工地噪音，要求核查施工许可。');
  await signInAs(page, 'supervisor');
  await page.goto(`/tickets/${number}`);
  await ready(page);
  await page.getByTestId('reveal').click();
  await expect(page.getByTestId('caller-phone')).toHaveText(/^139\d{8}$/);

  await signInAs(page, 'compliance');
  await page.goto('/risks/warnings');
  await ready(page);
  await page.getByTestId('run-warnings').click();
  await expect(page).toHaveURL(/ran=\d+/);
  const card = page.getByTestId('warning').filter({ hasText: number });
  await expect(card).toHaveAttribute('data-rule', 'privacy');
  await card.getByTestId('warning-confirm').click();
  await expect(card).toHaveCount(0);
  await page.goto('/risks/warnings?all=1');
  await ready(page);
  await card.getByTestId('warning-to-event').click();

  // The form starts from the warning: its risk chosen, a general event for the risk's department.
  await expect(page).toHaveURL(/\/risks\/events\/new\?warning=\d+$/);
  await ready(page);
  await expect(page.getByTestId('from-warning')).toBeVisible();
  await expect(page.locator('#event-risk option:checked')).toContainText('R-PRIV-01');
  await expect(page.getByTestId('grade-general')).toBeChecked();
  await page.locator('#event-title').fill(title);
  await page.locator('#event-description').fill(`工单 ${number} 非本人经办，主管查看了来电人明文号码。`);
  await page.getByTestId('save-event').click();
  await expect(page).toHaveURL(/\/risks\/events\/\d+$/);
  const eventUrl = page.url();
  await expect(page.getByTestId('event-title')).toHaveText(title);
  await expect(page.getByTestId('event-state')).toHaveText('处置中');
  await expect(page.getByTestId('filing')).toContainText('报备期限');
  await expect(page.getByTestId('file-event')).toHaveCount(0); // compliance receives, not files
  // The warning now leads to its event, and cannot be turned into a second one.
  await page.goto('/risks/warnings?all=1');
  await expect(card.getByTestId('warning-event')).toBeVisible();
  await expect(card.getByTestId('warning-to-event')).toHaveCount(0);

  // The centre's head files the result.
  await signInAs(page, 'head');
  await page.goto(eventUrl);
  await ready(page);
  const result = `已约谈当事人并重申查看明文须说明事由（${info.project.name}）`;
  await page.locator('#event-result').fill(result);
  await page.getByTestId('file-event').click();
  await expect(page.getByTestId('event-state')).toHaveText('已报备');
  await expect(page.getByTestId('event-result')).toHaveText(result);
  const timeline = page.getByTestId('timeline').locator(':scope > li');
  await expect(timeline.filter({ hasText: '记录风险事件' })).toHaveCount(1);
  await expect(timeline.filter({ hasText: '报备处置结果' }).filter({ hasText: result })).toHaveCount(1);
  // The risk's page lists its events.
  await page.locator('section a[href^="/risks/"]').filter({ hasText: 'R-PRIV-01' }).first().click();
  await expect(page).toHaveURL(/\/risks\/\d+$/);
  await expect(page.getByTestId('risk-events').getByTestId('event-row').filter({ hasText: title }))
    .toHaveAttribute('data-state', 'filed');

  // Compliance hears of the filing; the list shows it filed.
  await signInAs(page, 'compliance');
  await expect(page.locator('.bell li[data-kind=risk_event_filed]').filter({ hasText: title })).toHaveCount(1);
  await page.goto('/risks/events?all=1');
  await ready(page);
  await expect(page.getByTestId('event-row').filter({ hasText: title })).toHaveAttribute('data-state', 'filed');
});

// A major event activates its plan at once: the centre head, signed in elsewhere, sees it in
// the bell within 2 seconds, opens it and makes the initial report after compliance has
// checked off the first step.
test('a major event activates a plan and the head hears of it at once', async ({ page, browser }, info) => {
  test.setTimeout(120_000);
  const title = `坐席账号批量外传号码（${info.project.name}）`;
  await signInAs(page, 'head');
  await page.goto('/risks/events');
  await ready(page);
  const notice = page.locator('.bell li[data-kind=risk_event]').filter({ hasText: title });

  const office = await browser.newContext({ locale: 'zh-CN' });
  const officer = await office.newPage();
  await signInAs(officer, 'compliance');
  await officer.goto('/risks/events');
  await ready(officer);
  await officer.getByTestId('record-event').click();
  await expect(officer).toHaveURL(/\/risks\/events\/new$/);
  await ready(officer);
  await officer.locator('#event-risk').selectOption({ label: 'R-PRIV-01 来电人个人信息泄露' });
  await officer.getByTestId('grade-major').check();
  await officer.locator('#event-title').fill(title);
  await officer.locator('#event-description').fill('来电人反映接到推销电话，对方知道其诉求内容。');
  await officer.locator('#event-plan').selectOption({ label: '个人信息泄露应急预案' });
  await officer.getByTestId('save-event').click();
  await expect(notice).toHaveCount(1, { timeout: 2_000 });

  await expect(officer).toHaveURL(/\/risks\/events\/\d+$/);
  await ready(officer);
  const steps = officer.getByTestId('step');
  await expect(steps).toHaveCount(5);
  await expect(officer.getByTestId('event-grade')).toHaveText('重大');
  await steps.first().locator('input[name=note]').fill('涉事账号已封存');
  await steps.first().getByTestId('check-step').click();
  await expect(steps.first()).toHaveAttribute('data-done', 'true');
  await expect(steps.first()).toContainText('涉事账号已封存');

  // The head follows the bell to the event and reports.
  await page.getByTestId('bell').locator('summary').click();
  await notice.locator('a').click();
  await expect(page).toHaveURL(/\/risks\/events\/\d+$/);
  await ready(page);
  await expect(page.getByTestId('steps').getByTestId('step').first()).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('report-kind').locator('option')).toHaveText(['初报']);
  await page.locator('#report-body').fill('已封存涉事账号，正在核实泄露范围。');
  await page.getByTestId('send-report').click();
  await expect(page.getByTestId('event-report')).toHaveCount(1);
  await expect(page.getByTestId('report-kind').locator('option')).toHaveText(['续报']);
  const timeline = page.getByTestId('timeline').locator(':scope > li');
  await expect(timeline).toHaveCount(4);
  await expect(timeline.filter({ hasText: '启动应急预案' })).toHaveCount(1);
  await expect(timeline.filter({ hasText: '初报' })).toHaveCount(1);
  await office.close();
});
