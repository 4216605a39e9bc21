import { expect, Page, test } from '@playwright/test';
import { newStaff, phone, ready, signInAs, signInAsAdmin } from './helpers';

async function decide(page: Page, login: string, title: string, state: string) {
  await signInAs(page, login);
  await page.goto('/policies');
  await ready(page);
  await page.getByTestId('policy-to-approve').getByRole('link', { name: title }).click();
  await expect(page).toHaveURL(/\/policies\/versions\/\d+$/);
  await ready(page);
  await page.getByTestId('decision-approve').check();
  await page.locator('#decide-comment').fill('同意');
  await page.getByTestId('decide').click();
  await expect(page.getByTestId('version-state')).toHaveAttribute('data-state', state);
}

async function acknowledge(page: Page, login: string, title: string) {
  await signInAs(page, login);
  await page.goto('/work');
  await ready(page);
  await page.getByTestId('policy-to-acknowledge').getByRole('link', { name: title }).click();
  await expect(page).toHaveURL(/\/policies\/\d+$/);
  await ready(page);
  await expect(page.getByTestId('policy-text')).toContainText('签收后');
  await page.getByTestId('acknowledge').click();
  await expect(page.getByTestId('acknowledged')).toBeVisible();
  await expect(page.getByTestId('acknowledge')).toHaveCount(0);
}

// Compliance drafts a policy for a bureau's handlers and leads; the centre head reviews it for the
// department, the supervisor approves it for the leading group (a quorum of one), compliance
// publishes it; two of its three people acknowledge it and the coverage shows 2 / 3.
test('a policy goes from draft through both stages to published, and is acknowledged', async ({ page }, info) => {
  test.setTimeout(120_000);
  const title = `现场核查规范（${info.project.name}-${Date.now().toString(36).slice(-5)}）`;
  await signInAs(page, 'compliance');
  await page.goto('/policies');
  await ready(page);
  await page.getByTestId('new-policy').click();
  await expect(page).toHaveURL(/\/policies\/new$/);
  await ready(page);
  await page.getByTestId('policy-title-input').fill(title);
  await page.locator('#policy-body').fill('# 现场核查\n\n**第一条** 签收后 24 小时内到现场核查。\n\n**第二条** 核查须拍照留存。');
  await page.locator('#policy-summary').fill('首次制定');
  // For the handlers and leads of the city management bureau (and the brigade below it).
  const audience = page.getByTestId('policy-audience');
  await audience.locator('input[name="roles[handler]"]').check();
  await audience.locator('input[name="roles[dept_lead]"]').check();
  await audience.locator('label.check', { hasText: '城市管理局' }).locator('input').check();
  await page.locator('#policy-lq').fill('1');
  await page.getByTestId('create-policy').click();
  await expect(page).toHaveURL(/\/policies\/versions\/\d+$/);
  await ready(page);
  const versionUrl = page.url();
  await expect(page.getByTestId('version-state')).toHaveAttribute('data-state', 'draft');
  await page.getByTestId('submit-draft').click();
  await expect(page.getByTestId('version-state')).toHaveAttribute('data-state', 'department_review');
  await expect(page.getByTestId('approvals')).toContainText('孙立');

  await decide(page, 'head', title, 'approval');
  await decide(page, 'supervisor', title, 'approved');

  await signInAs(page, 'compliance');
  await page.goto(versionUrl);
  await ready(page);
  await page.getByTestId('publish').click();
  await expect(page).toHaveURL(/\/policies\/\d+$/);
  await ready(page);
  await expect(page.getByTestId('in-force')).toHaveText('1.0');
  // 李四 and 王强 (handlers of the brigade) and 赵刚 (the bureau's lead).
  await expect(page.getByTestId('coverage-total')).toContainText('0 / 3');
  const documentUrl = page.url();

  await acknowledge(page, 'handler', title);
  await acknowledge(page, 'handler2', title);

  await signInAs(page, 'compliance');
  await page.goto(documentUrl);
  await ready(page);
  await expect(page.getByTestId('coverage-total')).toContainText('2 / 3');
  await expect(page.getByTestId('missing')).toContainText('赵刚');
  await expect(page.getByTestId('missing')).not.toContainText('李四');
  await expect(page.getByTestId('policy-timeline')).toContainText('发布版本');
});

// A new agent signs in and reads, but may not register a ticket until they have signed the
// agents' commitment letter with their own name.
test('a new agent is refused a registration until they sign their letter', async ({ page }, info) => {
  test.setTimeout(120_000);
  const { name } = await newStaff(page, 'letter', info.project.name, 'agent');

  const register = async () => {
    await page.goto('/tickets/new');
    await ready(page);
    await page.locator('#caller_phone').fill(phone());
    await page.locator('#caller_name').fill('王五');
    await page.locator('#category_id').selectOption({ label: '噪音扰民' });
    const script = page.locator('fieldset[data-category="complaint/noise"]');
    await script.locator('select').first().selectOption('施工');
    await script.locator('input').first().fill('夜间');
    await page.locator('#description').fill('工地夜间施工噪音。');
    await page.getByTestId('register').click();
  };
  await register();
  await expect(page.getByRole('alert').filter({ hasText: '承诺书' })).toBeVisible();
  await page.getByTestId('sign-letter-link').click();
  await expect(page).toHaveURL(/\/policies\/letters$/);
  await ready(page);
  const letter = page.getByTestId('my-letter').filter({ hasText: '受理员岗位合规承诺书' });
  await letter.getByTestId('full-name').fill('王芳');
  await letter.getByTestId('sign').click();
  await expect(letter.locator('.field-error[data-field=full_name]')).toBeVisible();
  await letter.getByTestId('full-name').fill(name);
  await letter.getByTestId('sign').click();
  await expect(page.getByTestId('signed')).toBeVisible();

  await register();
  await expect(page).toHaveURL(/\/tickets\/\d{8}-\d{6}$/);

  // Administrators see who has signed.
  await signInAsAdmin(page);
  await page.goto('/policies/letters');
  await ready(page);
  await expect(page.getByTestId('letter-row').filter({ hasText: '受理员岗位合规承诺书' })).not.toContainText(name);
});
