// Test 5b: the real Claude Code CLI (pinned in tests/tools) against the repo's fake
// Messages API, driven from two pages. A tool call that needs permission shows its
// card on both; Allow on one closes it on both and the tool's output appears; a second
// prompt denied with a reason reaches the model (the fake echoes the tool result).
import { expect } from '@playwright/test';
import { exchange, label, openChat, send, shoot } from './support/fixtures';
import { claudeCodeMissing, claudeCodeTest as test } from './support/claude-code-test';

test.skip(claudeCodeMissing !== null, claudeCodeMissing ?? '');

test('5b: permission prompts from Claude Code on two pages; allow runs the tool, a denial reaches the model', async ({ page, context, claude }, testInfo) => {
  test.setTimeout(180_000);
  const sessionId = await openChat(page, claude.loginUrl());
  const other = await context.newPage();
  await other.goto(`${claude.origin}/?session=${sessionId}`);
  await expect(label(other)).toHaveText('Connected');

  // 1. Allow on one page: closed on both, the tool runs, its output appears.
  const first = 'make a file [[scenario:tool_bash|touch made-by-the-browser.txt]]';
  await send(page, first);
  for (const p of [page, other]) {
    await expect(p.getByTestId('permission-card')).toHaveCount(1, { timeout: 60_000 });
    await expect(p.getByTestId('permission-card')).toContainText('touch made-by-the-browser.txt');
  }
  await expect(page.getByTestId('backend')).toHaveText('Claude Code');
  // Still there after a reload while nobody has answered it.
  await other.reload();
  await expect(label(other)).toHaveText('Connected');
  await expect(other.getByTestId('permission-card')).toContainText('touch made-by-the-browser.txt');
  await other.getByTestId('permission-card').getByRole('button', { name: 'Allow', exact: true }).click();
  for (const p of [page, other]) {
    await expect(p.getByTestId('permission-card')).toHaveCount(0);
    await expect(p.getByTestId('permission-resolved')).toContainText('Allowed');
    const card = p.getByTestId('tool-card').filter({ hasText: 'touch made-by-the-browser.txt' });
    await expect(card).toContainText('done', { timeout: 60_000 });
    await expect(p.getByTestId('assistant-text').last()).toContainText('Tool finished (is_error=False)', { timeout: 60_000 });
  }
  await expect((await exchange(page, first)).reply.first()).toBeVisible();

  // 2. Deny with a reason: the model receives it (the fake repeats the tool result).
  const second = 'another file [[scenario:tool_bash|touch refused.txt]]';
  await send(other, second);
  const card = page.getByTestId('permission-card');
  await expect(card).toContainText('touch refused.txt', { timeout: 60_000 });
  await card.getByRole('button', { name: 'Deny…' }).click();
  await page.getByLabel('Reason for denying').fill('not in this folder, please');
  await page.getByRole('button', { name: 'Deny', exact: true }).click();
  for (const p of [page, other]) {
    await expect(p.getByTestId('permission-card')).toHaveCount(0);
    await expect(p.getByTestId('assistant-text').last()).toContainText('Tool finished (is_error=True)', { timeout: 60_000 });
    await expect(p.getByTestId('assistant-text').last()).toContainText('not in this folder, please');
  }
  await shoot(page, testInfo, 'claude-code');
});
