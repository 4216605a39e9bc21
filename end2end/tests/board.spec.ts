import { expect, test } from '@playwright/test';
import { phone, ready, registerNoiseComplaint, signInAs } from './helpers';

// Two people at once: a supervisor with the board on a tablet, a handler at a desk. Runs once
// (in the desktop project) since it sets up both devices itself.
test('the board follows a handler live, and an urge rings the handler\'s bell', async ({ browser }, info) => {
  test.skip(info.project.name !== 'desktop', 'opens its own iPad and desktop contexts');
  test.setTimeout(120_000);

  // The agent registers a noise complaint: dispatched at once to a handler.
  const desk = await browser.newContext({ locale: 'zh-CN' });
  const agent = await desk.newPage();
  await signInAs(agent, 'agent');
  const number = await registerNoiseComplaint(agent, '楼下工地每晚十点后仍在施工，噪音很大。');
  const handlerLogin = (await agent.getByTestId('handler').textContent())!.trim() === '李四' ? 'handler' : 'handler2';

  // The supervisor's board on an iPad: the card waits in "to sign for".
  const tablet = await browser.newContext({
    locale: 'zh-CN', viewport: { width: 834, height: 1194 }, isMobile: true, hasTouch: true,
  });
  const sup = await tablet.newPage();
  await signInAs(sup, 'supervisor');
  await sup.goto('/board');
  await expect(sup.getByTestId('live-state')).toHaveText('实时');
  const card = (lane: string) => sup.locator(`[data-lane="${lane}"] [data-number="${number}"]`);
  await expect(card('state:assigned')).toBeVisible();

  // The handler signs for it at their desk; the supervisor's card moves without a reload.
  const office = await browser.newContext({ locale: 'zh-CN' });
  const handler = await office.newPage();
  await signInAs(handler, handlerLogin);
  await handler.goto(`/tickets/${number}`);
  await ready(handler);
  await handler.getByTestId('sign-for').click();
  await expect(handler.getByTestId('ticket')).toHaveAttribute('data-state', 'in_progress');
  await expect(card('state:in_progress')).toBeVisible({ timeout: 2_000 });
  await expect(card('state:assigned')).toHaveCount(0);

  // The supervisor urges from the card by touch; the handler's bell rings, no reload.
  await handler.goto('/work');
  await ready(handler);
  const unread = handler.getByTestId('unread');
  const unreadBefore = (await unread.count()) ? Number(await unread.textContent()) : 0;
  const moved = card('state:in_progress');
  await moved.locator('.card-actions summary').tap();
  await moved.locator('input[name=note]:not([type=hidden])').fill('市民再次来电，请尽快处理');
  await moved.getByTestId('card-urge').tap();
  await expect(moved.getByTestId('urged')).toBeVisible({ timeout: 2_000 });
  await expect(handler.getByTestId('unread')).toHaveText(String(unreadBefore + 1), { timeout: 2_000 });
  await handler.getByTestId('bell').locator('summary').click();
  await expect(handler.locator(`.notices li[data-kind=urged] a[href="/tickets/${number}"]`).first()).toBeVisible();

  await Promise.all([desk.close(), tablet.close(), office.close()]);
});

// The stream is refused for a while (as during a server restart, when a proxy answers 502):
// the board says it is offline, keeps trying by itself, and once the stream is back it
// catches up with what changed meanwhile, without a reload.
test('the board reconnects by itself and catches up', async ({ browser }, info) => {
  test.skip(info.project.name !== 'ipad', 'one device is enough');
  test.setTimeout(60_000);
  const tablet = await browser.newContext({
    locale: 'zh-CN', viewport: { width: 834, height: 1194 }, isMobile: true, hasTouch: true,
  });
  const sup = await tablet.newPage();
  await signInAs(sup, 'supervisor');
  await sup.route('**/api/events', (route) => route.fulfill({ status: 502, body: '' }));
  await sup.goto('/board');
  await expect(sup.getByTestId('live-state')).toHaveText('连接中断，正在重连…');
  const before = Number(await sup.getByTestId('count-queue').textContent());

  // Meanwhile an agent registers a ticket nobody dispatches automatically (policy enquiry).
  const desk = await browser.newContext({ locale: 'zh-CN' });
  const agent = await desk.newPage();
  await signInAs(agent, 'agent');
  await agent.goto('/tickets/new');
  await ready(agent);
  await agent.locator('#caller_phone').fill(phone());
  await agent.locator('#caller_name').fill('赵六');
  await agent.locator('#category_id').selectOption({ label: '政策咨询' });
  const script = agent.locator('[data-testid=script]:visible');
  await script.locator('input').first().fill('人才引进政策');
  await agent.locator('#description').fill('咨询人才引进落户的具体条件和办理流程。');
  await agent.getByTestId('register').click();
  await expect(agent).toHaveURL(/\/tickets\/\d{8}-\d{6}$/);

  await sup.unroute('**/api/events');
  await expect(sup.getByTestId('live-state')).toHaveText('实时', { timeout: 15_000 });
  // (other tests may add to the queue at the same time: at least this one arrived)
  await expect
    .poll(async () => Number(await sup.getByTestId('count-queue').textContent()), { timeout: 10_000 })
    .toBeGreaterThan(before);
  await Promise.all([desk.close(), tablet.close()]);
});
