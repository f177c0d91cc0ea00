// Tool work a person can follow at a glance (issue 15), with the real Claude Code CLI
// (pinned in tests/tools) against the repo's fake Messages API, as in claude-code.spec.ts:
// - a Bash command with coloured output that exits 3: the colours, "exit 3", the long
//   output folded behind "Show all N lines";
// - an Edit (the fake reads the file first, as the CLI requires) of line 20 of a 30-line
//   file: once its result is in, the CLI's patch, numbered as in the file (20, not 1);
// - a Write whose input streams in small pieces: a provisional card grows before the
//   tool_use arrives and replaces it;
// - a subagent (the Agent tool) that runs Bash: that call nested under the Task's card,
//   open while the Task runs, folded to a count once it is done.
// Every card is found by role and accessible name. Screenshots of each, light and dark,
// desktop and phone, go to test-results/screenshots/tool-*.png.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { openChat, send } from './support/fixtures';
import { claudeCodeMissing, claudeCodeTest as test } from './support/claude-code-test';
import { shootViews } from './support/screenshots';

test.skip(claudeCodeMissing !== null, claudeCodeMissing ?? '');
test.setTimeout(180_000);

/** Answers the next permission prompt with Allow. */
async function allow(page: Page): Promise<void> {
  const prompt = page.getByTestId('permission-card');
  await expect(prompt).toHaveCount(1, { timeout: 60_000 });
  await prompt.getByRole('button', { name: 'Allow', exact: true }).click();
  await expect(prompt).toHaveCount(0);
}

const lastReply = (page: Page) => page.getByTestId('assistant-text').last();

/** Screenshots with the card in view (the phone's narrower column moves it). */
async function shoot(page: Page, card: Locator, name: string, testInfo: TestInfo): Promise<void> {
  await card.scrollIntoViewIfNeeded();
  await shootViews(page, testInfo, name, { onPhone: async () => card.scrollIntoViewIfNeeded() });
}

test('Bash: coloured output as colours, the exit status, long output folded', async ({ page, claude }, testInfo) => {
  await openChat(page, claude.loginUrl());
  await send(page, "colours [[scenario:tool_bash|printf '\\033[31mred\\033[0m and \\033[1;32mbold green\\033[0m\\n'; seq 1 40; exit 3]]");
  await allow(page);

  const card = page.getByRole('article', { name: /^Bash: printf/ });
  await expect(card.getByTestId('tool-status')).toHaveText('failed · exit 3', { timeout: 60_000 });
  const output = card.getByRole('group', { name: 'Output' });
  // The escape codes are gone, their colours are there.
  await expect(output).toContainText('red and bold green');
  await expect(output).not.toContainText('[31m');
  const [r = 0, g = 0, b = 0] = await output.getByText('red', { exact: true }).evaluate((el) => {
    // The colour as the screen shows it (Tailwind gives oklch(); a canvas gives RGB).
    const context = document.createElement('canvas').getContext('2d');
    if (!context) return [];
    context.fillStyle = getComputedStyle(el).color;
    context.fillRect(0, 0, 1, 1);
    return Array.from(context.getImageData(0, 0, 1, 1).data);
  });
  expect(r).toBeGreaterThan(g + 60);
  expect(r).toBeGreaterThan(b + 60);
  await expect(output.getByText('bold green', { exact: true })).toHaveCSS('font-weight', '700');
  // 41 lines: the first 20 shown, the rest a click away.
  await expect(output).toContainText('19');
  await expect(output).not.toContainText('40');
  await expect(lastReply(page)).toContainText('Tool finished (is_error=True): Exit code 3', { timeout: 60_000 });
  await shoot(page, card, 'tool-bash', testInfo);
  await card.getByRole('button', { name: 'Show all 41 lines', expanded: false }).click();
  await expect(output).toContainText('40');
  await card.getByRole('button', { name: 'Show the first 20 lines', expanded: true }).click();
  await expect(output).not.toContainText('40');
});

test('Edit: the diff with the file\'s own line numbers, from the CLI\'s patch', async ({ page, claude, workspace }, testInfo) => {
  const file = join(workspace, 'notes.txt');
  const original = Array.from({ length: 30 }, (_, i) => `line ${i + 1}\n`).join('');
  writeFileSync(file, original);
  await openChat(page, claude.loginUrl());
  await send(page, 'fix line 20 [[scenario:tool_edit|notes.txt|line 20\n|LINE TWENTY\nline 20b\n]]');
  await expect(page.getByRole('article', { name: `Read: ${file}` })).toBeVisible({ timeout: 60_000 });
  await allow(page);

  const card = page.getByRole('article', { name: `Edit: ${file}` });
  await expect(card.getByTestId('tool-status')).toHaveText('done', { timeout: 60_000 });
  // Once the result is in, the CLI's structuredPatch: a hunk header, then old line,
  // new line, sign, text, numbered as in the file (not from the start of old_string).
  await expect(card.getByTestId('diff')).toHaveAttribute('data-source', 'patch');
  const diff = card.getByRole('table', { name: '2 lines added, 1 removed' });
  await expect(diff).toBeVisible();
  const rows = await diff.getByRole('row').evaluateAll((trs) => trs.map((tr) => Array.from((tr as HTMLTableRowElement).cells, (td) => td.textContent)));
  expect(rows).toEqual([
    ['@@ -17,7 +17,8 @@'],
    ['17', '17', ' ', 'line 17'],
    ['18', '18', ' ', 'line 18'],
    ['19', '19', ' ', 'line 19'],
    ['20', '', '-', 'line 20'],
    ['', '20', '+', 'LINE TWENTY'],
    ['', '21', '+', 'line 20b'],
    ['21', '22', ' ', 'line 21'],
    ['22', '23', ' ', 'line 22'],
    ['23', '24', ' ', 'line 23'],
  ]);
  expect(readFileSync(file, 'utf8')).toBe(original.replace('line 20\n', 'LINE TWENTY\nline 20b\n'));
  await expect(lastReply(page)).toContainText('Tool finished (is_error=False)', { timeout: 60_000 });
  await shoot(page, card, 'tool-edit', testInfo);

  // The same card after a reload: from the stored tool_result, the same numbers.
  await page.reload();
  const again = page.getByRole('article', { name: `Edit: ${file}` });
  await expect(again.getByRole('row').nth(4)).toHaveText(/^20\s*-\s*line 20$/, { timeout: 30_000 });
});

test('Write: the input streams into a provisional card that the tool_use replaces', async ({ page, claude, workspace }, testInfo) => {
  await openChat(page, claude.loginUrl());
  await send(page, 'write it [[scenario:tool_write|notes/new.txt|60|100]]');
  const path = join(workspace, 'notes', 'new.txt');

  // While the model writes the input: the card, its path once whole, the content growing.
  const writing = page.locator('[data-testid="tool-card"][data-state="writing"]');
  await expect(writing).toHaveCount(1, { timeout: 60_000 });
  const card = page.getByRole('article', { name: `Write: ${path}` });
  await expect(card.getByTestId('tool-status')).toHaveText('writing input…');
  await expect(card.getByRole('table')).toContainText('Line 3');
  await shoot(page, card, 'tool-write-streaming', testInfo);

  // The tool_use has the whole input: 60 lines, the first 20 shown.
  await expect(writing).toHaveCount(0, { timeout: 60_000 });
  await expect(card.getByRole('table', { name: '60 lines added' })).toBeVisible();
  await allow(page);
  await expect(card.getByTestId('tool-status')).toHaveText('done', { timeout: 60_000 });
  await expect(card.getByRole('button', { name: 'Show all 60 lines' })).toBeVisible();
  expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(61);
  await expect(lastReply(page)).toContainText('Tool finished (is_error=False)', { timeout: 60_000 });
  await shoot(page, card, 'tool-write', testInfo);
});

test('a subagent: its tool calls nested under the Task, live, folded once it is done', async ({ page, claude }, testInfo) => {
  await openChat(page, claude.loginUrl());
  // touch is no read-only command: the subagent's Bash asks first, so it is seen running.
  await send(page, "delegate [[scenario:subagent|touch by-the-subagent; printf 'from the subagent\\n']]");

  const task = page.getByRole('article', { name: 'Agent: Run a command in a subagent' });
  await expect(task).toBeVisible({ timeout: 60_000 });
  // The subagent's Bash waits for an answer: nested under the running Task, open.
  await expect(page.getByTestId('permission-card')).toHaveCount(1, { timeout: 60_000 });
  const calls = task.getByRole('list', { name: 'Subagent tool calls' });
  const nested = calls.getByRole('article', { name: /^Bash: touch by-the-subagent/ });
  await expect(nested).toBeVisible();
  await expect(task.getByRole('button', { name: /Subagent: 1 tool call/, expanded: true })).toBeVisible();
  await expect(task.getByTestId('tool-status').first()).toHaveText('running…');
  await shoot(page, task, 'tool-subagent-running', testInfo);
  await allow(page);

  // Done: the Task folds to its count; the reader can open it again.
  await expect(lastReply(page)).toContainText('Subagent finished: Tool finished (is_error=False): from the subagent', { timeout: 60_000 });
  const toggle = task.getByRole('button', { name: 'Subagent: 1 tool call' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(calls).toHaveCount(0);
  await toggle.click();
  await expect(nested.getByRole('group', { name: 'Output' })).toHaveText('from the subagent');
  await expect(nested.getByTestId('tool-status')).toHaveText('done · exit 0');
  // Only the Task is a top-level card: the Bash call is not shown twice.
  await expect(page.getByRole('article', { name: /^Bash: touch/ })).toHaveCount(1);
  await shoot(page, task, 'tool-subagent-done', testInfo);
});

interface LongTaskWindow {
  longTasks: number[];
}

// A figure, not a timed assertion (as in rendering.spec.ts): the long tasks (50 ms or
// more on the main thread) while a 2,000-line Write streams in about 2,000 pieces, each
// one re-reading the partial JSON and redrawing the card's growing end.
test('a big Write streaming: the long tasks it causes', async ({ page, claude, workspace }, testInfo) => {
  await page.addInitScript(() => {
    const target = window as unknown as LongTaskWindow;
    target.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) target.longTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
  });
  await openChat(page, claude.loginUrl());
  await page.evaluate(() => ((window as unknown as LongTaskWindow).longTasks = []));
  const started = Date.now();
  await send(page, 'a big one [[scenario:tool_write|big.txt|2000|2]]');
  const card = page.getByRole('article', { name: `Write: ${join(workspace, 'big.txt')}` });
  await expect(card).toHaveAttribute('data-state', 'writing', { timeout: 60_000 });
  await expect(card.getByRole('table', { name: '2000 lines added' })).toBeVisible({ timeout: 60_000 });
  const seconds = (Date.now() - started) / 1000;
  const longTasks = await page.evaluate(() => (window as unknown as LongTaskWindow).longTasks);
  const line = `tool input streaming: a 2,000-line Write in ${seconds.toFixed(1)} s; long tasks: ${longTasks.length}` +
    ` (longest ${Math.round(Math.max(0, ...longTasks))} ms)`;
  console.log(line);
  testInfo.annotations.push({ type: 'figure', description: line });
  await expect(card.getByRole('button', { name: 'Show all 2000 lines' })).toBeVisible();
});
