// The sessions sidebar: create, switch, rename, delete; the session in view lives in
// the URL, so reload and back/forward keep it.
import { exchange, expect, label, openChat, send, test } from './support/fixtures';

test('sessions: create, switch, rename, delete; URL, reload and back/forward keep the session', async ({ page, env }) => {
  const first = await openChat(page, env.server.loginUrl());
  await send(page, 'in the first session');
  await expect((await exchange(page, 'in the first session')).replyText).toHaveText('in the first session');

  // The new-session dialog: Create with its defaults (the first root, the server's model and mode).
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page.getByRole('dialog', { name: 'New session' }).getByRole('button', { name: 'Create' }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('session')).not.toBe(first);
  const second = new URL(page.url()).searchParams.get('session') ?? '';
  await expect(page.getByText('No messages yet. Say hello.')).toBeVisible();
  await send(page, 'in the second session');
  await expect((await exchange(page, 'in the second session')).replyText).toHaveText('in the second session');

  // Back shows the first session again, forward the second; reload keeps the one in view.
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`session=${first}`));
  await expect(page.getByText('in the first session', { exact: true }).first()).toBeVisible();
  await expect(page.getByText('in the second session', { exact: true })).toHaveCount(0);
  await page.goForward();
  await expect(page.getByText('in the second session', { exact: true }).first()).toBeVisible();
  await page.reload();
  await expect(label(page)).toHaveText('Connected');
  await expect(page).toHaveURL(new RegExp(`session=${second}`));
  await expect(page.getByText('in the second session', { exact: true }).first()).toBeVisible();

  // Rename the second session.
  const row = page.locator(`[data-testid="session-row"][data-session-id="${second}"]`);
  await row.hover();
  await row.getByRole('button', { name: /^Rename / }).click();
  const title = page.getByLabel('Session title');
  await title.fill('Renamed by the test');
  await title.press('Enter');
  await expect(row).toHaveText(/Renamed by the test/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Renamed by the test');

  // Switch by clicking, then delete the other one.
  await page.locator(`[data-testid="session-row"][data-session-id="${first}"]`).getByTestId('session-item').click();
  await expect(page).toHaveURL(new RegExp(`session=${first}`));
  page.once('dialog', (dialog) => void dialog.accept());
  await row.hover();
  await row.getByRole('button', { name: /^Delete / }).click();
  await expect(row).toHaveCount(0);
  const list = (await (await page.request.get(`${env.server.origin}/api/sessions`)).json()) as { sessions: { id: string }[] };
  expect(list.sessions.map((s) => s.id)).toEqual([first]);
});
