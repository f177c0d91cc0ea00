// Test 5b: the real Claude Code CLI (pinned in tests/tools) against the repo's fake
// Messages API, driven from two pages. A tool call that needs permission shows its
// card on both; Allow on one closes it on both and the tool's output appears; a second
// prompt denied with a reason reaches the model (the fake echoes the tool result).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { exchange, label, openChat, send, shoot } from './support/fixtures';
import { FakeAnthropic, claudeCli, claudeCodeAvailable } from './support/fake-anthropic';
import { TetherServer } from './support/tether-server';

const missing = claudeCodeAvailable();

const test = base.extend<{ claude: TetherServer }>({
  claude: async ({}, use) => {
    const home = mkdtempSync(join(tmpdir(), 'tether-claude-e2e-'));
    const workspace = join(home, 'proj');
    mkdirSync(workspace);
    mkdirSync(join(home, 'config'));
    const fake = await FakeAnthropic.start();
    const server = await TetherServer.start({
      backendArgs: ['--backend', 'claude-code', '--claude-path', claudeCli],
      env: fake.cliEnv(join(home, 'config')),
      cwd: workspace,
    });
    await use(server);
    await server.dispose();
    fake.stop();
    rmSync(home, { recursive: true, force: true });
  },
});

// Runs wherever the backend and the pinned CLI are installed (make test installs them);
// says why when it cannot.
test.skip(missing !== null, missing ?? '');

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
