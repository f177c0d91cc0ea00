// The connection a person can see and trust, against the real server (issue tests 1-5).
import { exchange, expect, label, openChat, send, shoot, status, test, words } from './support/fixtures';

test('1: a message gets its reply streamed in; the status is green with a latency', async ({ page, env }) => {
  await openChat(page, env.server.loginUrl());
  await expect(label(page)).toHaveText('Connected');
  await expect(page.getByTestId('connection-latency')).toHaveText(/^\d+ ms$/);
  const text = words(80, 'one');
  await send(page, text);
  const { reply, replyText, delivery } = await exchange(page, text);
  await expect(reply).toHaveAttribute('data-streaming', 'true'); // seen while it streams
  await expect(replyText).not.toHaveText(text); // ... and only part of it is there yet
  await expect(reply).toHaveAttribute('data-streaming', 'false');
  await expect(replyText).toHaveText(text);
  await expect(delivery).toHaveText('sent');
  await expect(page.getByTestId('backend')).toHaveText('Echo backend');
});

test('2: the path is cut mid-reply; a queued message goes once; the reply completes exactly', async ({ page, env }) => {
  const sessionId = await openChat(page, env.proxiedLogin);
  const first = words(120, 'cut');
  await send(page, first);
  const cutReply = await exchange(page, first);
  await expect(cutReply.replyText).toContainText('cut10 ');
  env.proxy.cut();
  await expect(label(page)).toHaveText(/^Reconnecting [1-5]\/5/);
  await expect(status(page)).toHaveAttribute('data-state', 'connecting');
  await expect(page.getByTestId('connection-problem')).toContainText('Reconnecting by itself');

  const queued = 'typed while the path was cut';
  await send(page, queued);
  const later = await exchange(page, queued);
  await expect(later.delivery).toHaveText('queued');

  env.proxy.restore();
  await expect(label(page)).toHaveText('Connected', { timeout: 30_000 });
  await expect(cutReply.replyText).toHaveText(first);
  await expect(cutReply.reply).toHaveAttribute('data-stop-reason', 'end_turn');
  await expect(later.delivery).toHaveText('sent');
  await expect(later.replyText).toHaveText(queued);
  await expect(page.getByTestId('user-message').filter({ hasText: queued })).toHaveCount(1);

  // The server took it exactly once.
  const history = (await (await page.request.get(`${env.server.origin}/api/sessions/${sessionId}`)).json()) as {
    messages: { role: string; content: string }[];
  };
  expect(history.messages.filter((m) => m.role === 'user' && m.content === queued)).toHaveLength(1);
  expect(history.messages.filter((m) => m.role === 'assistant' && m.content === first)).toHaveLength(1);
});

test('2b: the server is killed mid-reply and restarted; the page recovers by itself', async ({ page, env }) => {
  await openChat(page, env.server.loginUrl());
  const text = words(150, 'kill');
  await send(page, text);
  const { reply, replyText, user } = await exchange(page, text);
  await expect(replyText).toContainText('kill5 ');
  await env.server.kill();
  await expect(status(page)).toHaveAttribute('data-state', 'connecting');
  await env.server.launch();
  await expect(label(page)).toHaveText('Connected', { timeout: 30_000 });
  await expect(reply).toHaveAttribute('data-stop-reason', 'interrupted');
  await expect(reply.getByTestId('stop-note')).toContainText('Interrupted');
  const partial = (await replyText.innerText()).trim();
  expect(partial.length).toBeGreaterThan(0);
  expect(text.startsWith(partial)).toBe(true);
  expect(partial).not.toBe(text);

  // The history is intact after a reload too.
  await page.reload();
  await expect(label(page)).toHaveText('Connected');
  await expect(user).toHaveCount(1);
  const again = await exchange(page, text);
  await expect(again.reply).toHaveAttribute('data-stop-reason', 'interrupted');
  await expect(again.replyText).toHaveText(partial);
});

test('3: two pages on one session both show the stream live', async ({ page, context, env }) => {
  const sessionId = await openChat(page, env.server.loginUrl());
  const other = await context.newPage();
  await other.goto(`${env.server.origin}/?session=${sessionId}`);
  await expect(label(other)).toHaveText('Connected');
  const text = words(100, 'both');
  await send(page, text);
  const mine = await exchange(page, text);
  const theirs = await exchange(other, text);
  await expect(theirs.reply).toHaveAttribute('data-streaming', 'true');
  await expect(mine.replyText).toHaveText(text);
  await expect(theirs.replyText).toHaveText(text);
  await expect(theirs.reply).toHaveAttribute('data-streaming', 'false');
  await expect(theirs.delivery).toHaveCount(0); // not sent from that page
});

test('4: with WebSocket upgrades blocked the page works over HTTP and says so', async ({ page, env }, testInfo) => {
  env.proxy.blockUpgrades();
  await page.goto(env.proxiedLogin);
  await expect(label(page)).toHaveText('Connected (HTTP fallback)');
  await expect(status(page)).toHaveAttribute('data-transport', 'http');
  await expect(page.getByTestId('fallback-mark')).toBeVisible();
  await expect(page.getByTestId('fallback-banner')).toContainText('WebSocket is blocked');
  expect(env.proxy.upgradesRefused).toBeGreaterThan(0);
  const text = words(30, 'http');
  await send(page, text);
  const { replyText, delivery } = await exchange(page, text);
  await expect(replyText).toHaveText(text);
  await expect(delivery).toHaveText('sent');
  await shoot(page, testInfo, 'http-fallback');
});

test('5: after the retries are used up, Retry connects again', async ({ page, env }, testInfo) => {
  test.setTimeout(150_000);
  await openChat(page, env.proxiedLogin);
  env.proxy.cut();
  await expect(label(page)).toHaveText('Disconnected', { timeout: 90_000 });
  await expect(status(page)).toHaveAttribute('data-state', 'disconnected');
  await expect(page.getByTestId('connection-problem')).toContainText(`Can't reach the Tether server at 127.0.0.1:${env.proxy.port}. Is tether serve running?`);
  await shoot(page, testInfo, 'disconnected');
  env.proxy.restore();
  await page.getByTestId('connection-status').getByRole('button', { name: 'Retry' }).click();
  await expect(label(page)).toHaveText('Connected');
  const text = 'after retry';
  await send(page, text);
  await expect((await exchange(page, text)).replyText).toHaveText(text);
});

test('Stop ends a running reply; its partial text stays', async ({ page, env }) => {
  await openChat(page, env.server.loginUrl());
  const text = words(200, 'stop');
  await send(page, text);
  const { reply, replyText } = await exchange(page, text);
  await expect(replyText).toContainText('stop5 ');
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(reply).toHaveAttribute('data-stop-reason', 'cancelled');
  await expect(reply.getByTestId('stop-note')).toHaveText('Stopped.');
  await expect(page.getByRole('button', { name: 'Stop' })).toHaveCount(0);
  const partial = (await replyText.innerText()).trim();
  expect(text.startsWith(partial) && partial.length > 0 && partial !== text).toBe(true);
});
