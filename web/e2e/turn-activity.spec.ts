// A turn you can follow at a glance, with the real server, the real Claude Code CLI
// (pinned in tests/tools) and the repo's fake Messages API:
// - the activity line under the running turn says what Claude Code does now: running
//   the Bash command, with a counter; waiting for your permission;
// - a finished turn shows its time, duration, tokens and cost; the header the session's;
// - a permission prompt offers the CLI's suggestions in words; one picked closes the
//   prompt, the decision says what it granted, and the same command runs unasked after;
// - a message queued while offline and cancelled is never sent (echo backend, a proxy
//   that cuts the path);
// - the queue of messages waiting is bounded, and the composer says so;
// - Copy works on a page without the Clipboard API (a plain-http LAN address), and says so;
// - the theme switch (light, dark, system) is remembered across a reload.
import { expect, type Page } from '@playwright/test';
import { test as echoTest, label, openChat, send } from './support/fixtures';
import { claudeCodeMissing, claudeCodeTest as test } from './support/claude-code-test';
import { shootViews } from './support/screenshots';

test.skip(claudeCodeMissing !== null, claudeCodeMissing ?? '');

const activity = (page: Page) => page.getByRole('status', { name: 'Claude Code activity' });

test('the activity line says what the turn does: running the command, waiting for permission', async ({ page, claude }, testInfo) => {
  test.setTimeout(180_000);
  await openChat(page, claude.loginUrl());

  // `sleep 2` needs no permission: the line says it runs, and for how long.
  await send(page, 'take a nap [[scenario:tool_bash|sleep 2]]');
  await expect(activity(page)).toBeVisible();
  await expect(activity(page)).toHaveText(/^Running sleep 2…\d+ s$/, { timeout: 60_000 });
  await shootViews(page, testInfo, 'activity-running');
  await expect(page.getByTestId('assistant-text').last()).toContainText('Tool finished (is_error=False)', { timeout: 60_000 });
  await expect(activity(page)).toHaveCount(0);

  // The finished turn says, quietly, when it ended, how long it took, its tokens and cost;
  // the header adds up the session.
  const stats = page.getByRole('group', { name: 'Turn stats' });
  await expect(stats).toHaveCount(1);
  await expect(stats).toHaveText(/^just now · [\d.]+ m?s · [\d.k]+ in \/ [\d.k]+ out · \$[\d.]+$/);
  await expect(stats.locator('time')).toHaveAttribute('title', /\d/);
  const totals = page.getByRole('group', { name: 'Session totals' });
  await expect(totals).toHaveText(/^1 turn · [\d.]+ m?s · [\d.k]+ in \/ [\d.k]+ out · \$[\d.]+$/);
  await expect(page.getByTestId('user-message').first().locator('time')).toHaveText('just now');

  // `touch` asks first: the line says the turn waits for the user.
  await send(page, 'make a file [[scenario:tool_bash|touch waited.txt]]');
  const card = page.getByRole('group', { name: 'Permission request for Bash' });
  await expect(card).toContainText('touch waited.txt', { timeout: 60_000 });
  await expect(activity(page)).toHaveText('Waiting for your permission: Bash');
  await shootViews(page, testInfo, 'activity-permission');
  // The CLI's suggestion, in words; picked, it closes the prompt and the decision says so.
  const always = card.getByRole('button', { name: 'Always allow touch waited.txt in this session' });
  await expect(always).toBeVisible();
  await always.click();
  await expect(card).toHaveCount(0);
  const decision = page.getByRole('group', { name: 'Permission decision for Bash' });
  await expect(decision).toContainText('Allowed');
  await expect(decision).toContainText('Always allow touch waited.txt in this session');
  await expect(page.getByTestId('assistant-text').last()).toContainText('Tool finished (is_error=False)', { timeout: 60_000 });
  await expect(activity(page)).toHaveCount(0);
  await expect(stats).toHaveCount(2);
  await expect(totals).toHaveText(/^2 turns · /);
  await shootViews(page, testInfo, 'turn-stats');

  // The rule holds for the session: the same command now runs without asking.
  await send(page, 'again [[scenario:tool_bash|touch waited.txt]]');
  await expect(stats).toHaveCount(3, { timeout: 60_000 });
  await expect(page.getByRole('group', { name: /^Permission request/ })).toHaveCount(0);
  await expect(totals).toHaveText(/^3 turns · /);
});

echoTest('a message queued while offline can be cancelled, and is never sent', async ({ page, env }, testInfo) => {
  const sessionId = await openChat(page, env.proxiedLogin);
  env.proxy.cut();
  await expect(label(page)).not.toHaveText('Connected');
  await send(page, 'never send this');
  await send(page, 'but send this');
  const queued = (text: string) => page.getByTestId('user-message').filter({ has: page.getByText(text, { exact: true }) });
  await expect(queued('never send this')).toContainText('goes when the connection is back');
  await expect(queued('never send this').getByRole('button', { name: 'Edit queued message' })).toBeVisible();
  await shootViews(page, testInfo, 'queued-offline');
  await queued('never send this').getByRole('button', { name: 'Cancel queued message' }).click();
  await expect(queued('never send this')).toHaveCount(0);

  env.proxy.restore();
  await expect(label(page)).toHaveText('Connected', { timeout: 30_000 });
  await expect(page.getByTestId('assistant-text').last()).toHaveText('but send this', { timeout: 15_000 });
  const stored = (await (await page.request.get(`${env.server.origin}/api/sessions/${sessionId}`, { headers: { Authorization: `Bearer ${env.server.token}` } })).json()) as {
    messages: { role: string; content: string }[];
  };
  expect(stored.messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual(['but send this']);
  await page.reload();
  await expect(label(page)).toHaveText('Connected');
  await expect(page.getByText('but send this', { exact: true }).first()).toBeVisible();
  await expect(page.getByText('never send this', { exact: true })).toHaveCount(0);
});

echoTest('the queue is bounded: past 50 waiting messages the composer says so and keeps the text', async ({ page, env }, testInfo) => {
  await openChat(page, env.proxiedLogin);
  env.proxy.cut();
  await expect(label(page)).not.toHaveText('Connected');
  for (let i = 1; i <= 50; i++) await send(page, `waiting ${i}`);
  await expect(page.getByTestId('user-message').filter({ hasText: 'waiting 50' })).toContainText('goes when the connection is back');
  const box = page.getByRole('textbox', { name: 'Message', exact: true });
  await box.fill('one too many');
  await expect(page.getByRole('alert').filter({ hasText: 'the queue is full' })).toHaveText(
    'Not sent: the queue is full. 50 messages already wait to be sent, the most this page keeps. Wait until they have gone, or cancel some.',
  );
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();
  await box.press('Enter');
  await expect(box).toHaveValue('one too many');
  await shootViews(page, testInfo, 'queue-full');
  await page.getByRole('button', { name: 'Cancel queued message' }).last().click();
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeEnabled();
});

echoTest('Copy works without the Clipboard API (a plain-http LAN page) and says Copied', async ({ page, env }) => {
  // What a plain-http LAN address gives a page: no navigator.clipboard. The copy event
  // tells what the page put on the clipboard.
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'clipboard', { configurable: true, get: () => undefined });
    const w = window as unknown as { copied: string[] };
    w.copied = [];
    document.addEventListener('copy', () => {
      const el = document.activeElement;
      if (el instanceof HTMLTextAreaElement) w.copied.push(el.value.slice(el.selectionStart, el.selectionEnd));
    });
  });
  await openChat(page, env.proxiedLogin);
  await send(page, 'Run this:\n\n```sh\nnpm test -- --watch=false\n```');
  const reply = page.getByTestId('assistant-message').last();
  await expect(reply.locator('pre')).toHaveText('npm test -- --watch=false', { timeout: 15_000 });
  await reply.getByRole('button', { name: 'Copy' }).click();
  await expect(reply.getByRole('button', { name: '✓ Copied' })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { copied: string[] }).copied)).toEqual(['npm test -- --watch=false']);
  await expect(reply.getByRole('button', { name: 'Copy' })).toBeVisible({ timeout: 5000 }); // back to its label
});

test('the theme switch: light, dark, system, remembered across a reload', async ({ page, claude }) => {
  await openChat(page, claude.loginUrl());
  const html = page.locator('html');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.getByRole('radio', { name: 'System' })).toBeChecked();
  await expect(html).not.toHaveClass(/dark/);
  await page.getByRole('radio', { name: 'Dark' }).check();
  await expect(html).toHaveClass(/dark/);
  await page.reload();
  await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();
  await expect(html).toHaveClass(/dark/);
  await page.getByRole('radio', { name: 'Light' }).check();
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  await expect(page.getByRole('radio', { name: 'Light' })).toBeChecked();
  await expect(html).not.toHaveClass(/dark/);
  await page.getByRole('radio', { name: 'System' }).check();
  await expect(html).toHaveClass(/dark/); // the system's, emulated dark
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(html).not.toHaveClass(/dark/);
  await page.reload();
  await expect(page.getByRole('radio', { name: 'System' })).toBeChecked();
});
