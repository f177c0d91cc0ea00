// Connection settings and diagnostics against the real server: the "Use WebSocket" switch
// flipped to HTTP and back while a reply streams (nothing lost, nothing twice); a page that
// gave up coming back when its tab is focused and when Send is pressed; the diagnostics
// report after a message too big for the server (close 1009); and screenshots of the panel.
import type { Page } from '@playwright/test';
import { exchange, expect, label, openChat, send, status, test, words } from './support/fixtures';
import { shootViews } from './support/screenshots';
import { TetherServer } from './support/tether-server';

const details = (page: Page) => page.getByRole('dialog', { name: 'Connection details' });

async function openDetails(page: Page) {
  await page.getByRole('button', { name: 'Connection details' }).click();
  await expect(details(page)).toBeVisible();
  return details(page);
}

/** The session's stored messages, from the REST view (what the server took). */
async function stored(page: Page, server: TetherServer, sessionId: string) {
  const response = await page.request.get(`${server.origin}/api/sessions/${sessionId}`);
  return ((await response.json()) as { messages: { role: string; content: string }[] }).messages;
}

test('the WebSocket switch: to HTTP and back while replies stream; nothing lost, nothing twice', async ({ page }) => {
  const server = await TetherServer.start({ echoDelayMs: 40 });
  try {
    const sessionId = await openChat(page, server.loginUrl());
    await expect(label(page)).toHaveText('Connected');
    const first = words(220, 'sw'); // about 9 s of streaming
    await send(page, first);
    const one = await exchange(page, first);
    await expect(one.replyText).toContainText('sw5 ');

    // Off, with the keyboard: the page moves to HTTP mid-reply and says so.
    const dialog = await openDetails(page);
    const toggle = dialog.getByRole('switch', { name: 'Use WebSocket' });
    await expect(toggle).toHaveAttribute('aria-checked', 'true');
    await toggle.focus();
    await page.keyboard.press('Space');
    await expect(toggle).toHaveAttribute('aria-checked', 'false');
    await page.keyboard.press('Escape');
    await expect(details(page)).toHaveCount(0);
    await expect(label(page)).toHaveText('Connected (HTTP)');
    await expect(status(page)).toHaveAttribute('data-transport', 'http');
    await expect(page.getByTestId('fallback-banner')).toHaveCount(0); // a choice, not a fallback

    // Still streaming, now over the event stream; a message sent over POST meanwhile.
    await expect(one.reply).toHaveAttribute('data-streaming', 'true');
    const streamedBefore = (await one.replyText.innerText()).length;
    await expect.poll(async () => (await one.replyText.innerText()).length).toBeGreaterThan(streamedBefore);
    const second = words(60, 'http');
    await send(page, second);
    const two = await exchange(page, second);
    await expect(two.delivery).toHaveText('sent');

    // Back on, by clicking, while the first reply (or the second) still streams.
    await openDetails(page);
    await details(page).getByRole('switch', { name: 'Use WebSocket' }).click();
    await expect(details(page).getByRole('switch', { name: 'Use WebSocket' })).toHaveAttribute('aria-checked', 'true');
    await details(page).getByRole('button', { name: 'Close' }).click();
    await expect(label(page)).toHaveText('Connected');
    await expect(status(page)).toHaveAttribute('data-transport', 'websocket');
    await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible(); // switched mid-turn

    // Every word once, in order; each message once, on the page and on the server.
    await expect(one.reply).toHaveAttribute('data-stop-reason', 'end_turn', { timeout: 30_000 });
    await expect(one.replyText).toHaveText(first);
    await expect(two.reply).toHaveAttribute('data-stop-reason', 'end_turn', { timeout: 30_000 });
    await expect(two.replyText).toHaveText(second);
    await expect(page.getByTestId('user-message')).toHaveCount(2);
    await expect(page.getByTestId('assistant-message')).toHaveCount(2);
    const messages = await stored(page, server, sessionId);
    expect(messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual([first, second]);
    expect(messages.filter((m) => m.role === 'assistant').map((m) => m.content)).toEqual([first, second]);

    // The setting is remembered: a reload stays on HTTP until it is turned on again.
    await openDetails(page);
    await details(page).getByRole('switch', { name: 'Use WebSocket' }).click();
    await page.reload();
    await expect(label(page)).toHaveText('Connected (HTTP)');
    await expect(status(page)).toHaveAttribute('data-transport', 'http');
  } finally {
    await server.dispose();
  }
});

test('after giving up, the page comes back when its tab is focused, and when Send is pressed', async ({ page, context, env }) => {
  test.setTimeout(240_000);
  await openChat(page, env.proxiedLogin);

  // The server is out of reach until every retry and the HTTP attempt are spent.
  env.proxy.cut();
  await expect(label(page)).toHaveText('Disconnected', { timeout: 90_000 });
  env.proxy.restore();
  // Nothing tries by itself now (no timer, the browser stayed online)...
  await page.waitForTimeout(3000);
  await expect(label(page)).toHaveText('Disconnected');
  // ...until the person comes back to the tab. (Playwright makes every page think it has
  // focus; without that emulation, switching tabs gives the page a real blur and focus.)
  const elsewhere = await context.newPage();
  for (const each of [page, elsewhere]) await (await context.newCDPSession(each)).send('Emulation.setFocusEmulationEnabled', { enabled: false });
  await elsewhere.bringToFront();
  await page.bringToFront();
  await expect(label(page)).toHaveText('Connected', { timeout: 10_000 });
  await elsewhere.close();

  // Again, and this time Send brings it back; the message goes once.
  env.proxy.cut();
  await expect(label(page)).toHaveText('Disconnected', { timeout: 90_000 });
  env.proxy.restore();
  const text = 'sent after the page gave up';
  await send(page, text);
  await expect(label(page)).toHaveText('Connected', { timeout: 10_000 });
  const { replyText, delivery } = await exchange(page, text);
  await expect(delivery).toHaveText('sent');
  await expect(replyText).toHaveText(text);

  // The history says why each time.
  const dialog = await openDetails(page);
  const history = dialog.getByRole('list', { name: 'Connection history, newest first' });
  await expect(history).toContainText('gave up for now');
  await expect(history).toContainText(/the (window was focused|tab was shown)/);
  await expect(history).toContainText('chat_request sent after giving up');
});

test('a message over --max-message-bytes: the report names the 1009 close and what to do, never the token', async ({ page, context }, testInfo) => {
  const server = await TetherServer.start({ backendArgs: ['--backend', 'echo', '--max-message-bytes', '4096'] });
  try {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    await openChat(page, server.loginUrl());
    await send(page, 'small first');
    await expect((await exchange(page, 'small first')).replyText).toHaveText('small first');

    // Over the limit: refused from the frame's header (close 1009), marked not sent, never sent again.
    await send(page, words(1000, 'big'));
    const bigMessage = page.getByTestId('user-message').last();
    await expect(bigMessage.getByTestId('delivery')).toHaveAttribute('data-delivery', 'failed');
    await expect(bigMessage).toContainText('larger than the server accepts');
    await expect(label(page)).toHaveText('Connected', { timeout: 30_000 }); // reconnected by itself
    await page.waitForTimeout(3000);
    await expect(label(page)).toHaveText('Connected'); // and stays: the big message is not resent
    await send(page, 'small after');
    await expect((await exchange(page, 'small after')).replyText).toHaveText('small after');

    const dialog = await openDetails(page);
    const problem = dialog.getByTestId('last-problem');
    await expect(problem).toContainText('1009 message too big');
    await expect(problem).toContainText('What to do: Send a shorter message');
    await expect(dialog.getByRole('list', { name: 'Connection history, newest first' })).toContainText('websocket closed: 1009 message too big');
    await expect(dialog.getByRole('img', { name: /^Latency over the last \d+ pings/ })).toBeVisible();

    await dialog.getByRole('button', { name: 'Copy diagnostics' }).click();
    await expect(dialog.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
    const report = await page.evaluate(() => navigator.clipboard.readText());
    expect(report).toContain('Tether connection diagnostics');
    expect(report).toContain('close: websocket closed: 1009 message too big');
    expect(report).toMatch(/What to do: Send a shorter message.*--max-message-bytes/);
    expect(report).toContain('error: message_too_large');
    expect(report).toContain(`URL: ws://127.0.0.1:${server.port}/api/claude/ws`);
    expect(report).not.toContain(server.token);

    await shootViews(page, testInfo, 'connection-details');
    // And its history, at the bottom of what scrolls.
    const toBottom = async (p: Page) => {
      await p.getByTestId('connection-details-body').evaluate((body) => (body.scrollTop = body.scrollHeight));
    };
    await toBottom(page);
    await shootViews(page, testInfo, 'connection-details-history', { onPhone: toBottom, afterPhone: toBottom });
    await page.keyboard.press('Escape');
    await expect(details(page)).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Connection details' })).toBeFocused();
  } finally {
    await server.dispose();
  }
});
