// Every control on the page has an accessible name, and Tab reaches every one of them
// (a radio group by its checked radio, as arrow keys move inside it): the chat with a
// reply holding a code block, the sidebar and its settings, the composer, and each dialog
// (where Tab stays inside). Names come from the browser's accessibility tree (Playwright's
// ARIA snapshot), the same one a screen reader reads; jsx-a11y checks the source.
import { expectAllNamedAndReachable, unnamedControls } from './support/a11y';
import { exchange, expect, openChat, send, test } from './support/fixtures';
import { desktop, phone } from './support/screenshots';

test('every control is named and reachable with Tab: the chat, the sidebar, the composer, the dialogs', async ({ page, env }) => {
  await openChat(page, env.server.loginUrl());
  const message = 'A block:\n\n```sh\nnpm test\n```\n\nand [a link](https://example.com).';
  await send(page, message);
  await expect((await exchange(page, message.replace(/\s+/g, ' '))).replyText.getByRole('link', { name: 'a link' })).toBeVisible();

  // The check itself sees a control without a name.
  await page.evaluate(() => {
    document.body.append(Object.assign(document.createElement('button'), { id: 'unnamed' }));
  });
  expect(await unnamedControls(page.locator('body'))).toEqual(['- button']);
  await page.evaluate(() => {
    document.getElementById('unnamed')?.remove();
  });

  // The page: sidebar (sessions, settings), header (status, details), messages (Copy), composer.
  await page.locator('body').focus();
  await expectAllNamedAndReachable(page, 'body');

  // The new-session dialog: Tab stays inside and reaches each field.
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'New session' })).toBeVisible();
  await expectAllNamedAndReachable(page, '[role="dialog"]');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // The connection details.
  await page.getByRole('button', { name: 'Details' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectAllNamedAndReachable(page, '[role="dialog"]');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // On a phone the sidebar is a drawer. Closed, Tab never lands in it; opened from ☰ with the
  // keyboard, focus moves into it and Tab reaches its controls; Escape closes it and focus
  // goes back to ☰.
  await page.setViewportSize(phone);
  const drawer = page.locator('#sessions-drawer'); // closed, it is out of the accessibility tree
  const menu = page.getByRole('button', { name: 'Sessions' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await page.locator('body').focus();
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    expect(await drawer.evaluate((nav) => nav.contains(document.activeElement))).toBe(false);
  }
  await menu.focus();
  await page.keyboard.press('Enter');
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(drawer.getByRole('button', { name: 'New', exact: true })).toBeFocused();
  await expectAllNamedAndReachable(page, 'nav');
  await page.keyboard.press('Escape');
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(menu).toBeFocused();
  await expect(drawer).toBeHidden();
  await page.setViewportSize(desktop);
  await expect(drawer).toBeVisible();
});
