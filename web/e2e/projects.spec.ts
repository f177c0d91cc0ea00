// Projects and the Claude Code sessions a user already has (docs/projects.md): the
// sidebar grouped by project with the terminal transcript in it; opening the transcript
// shows its history; the new-session dialog with its folder picker; images in a
// message; and on the real Claude Code CLI (against the fake Messages API) a slash
// command from the list and a permission-mode switch. Screenshots of every view in
// light and dark, desktop and phone: test-results/screenshots/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { exchange, label, send } from './support/fixtures';
import { FakeAnthropic, claudeCli, claudeCodeAvailable } from './support/fake-anthropic';
import { shootViews } from './support/screenshots';
import { TetherServer } from './support/tether-server';
import { makeWorkspace, type Workspace } from './support/workspace';

// A 24x24 PNG (a colour gradient), small enough for any limit.
const pngBase64 =
  'iVBORw0KGgoAAAANSUhEUgAAABgAAAAYCAIAAABvFaqvAAADnUlEQVR42g3MEQJEIQBAwc95nOdxnsd5nOdx3uM4j/M8zjvA7hxgvu9DfMgP9aE/zIf9cB/+I3zEj/SRP8pH/Wgf/WN8zI/1sT/Ox/14H98nEAIpUAItMAIrcAIvCIIoSIIsKIIqaIIuGIIpWIItOIIreOIfSYRESpRES4zESpzES4IkSpIkS4qkSpqkS4ZkSpZkS47kSp78RwqhkAql0AqjsAqn8IqgiIqkyIqiqIqm6IqhmIql2IqjuIqn/pFGaKRGabTGaKzGabwmaKImabKmaKqmabpmaKZmabbmaK7m6X9kEAZpUAZtMAZrcAZvCIZoSIZsKIZqaIZuGIZpWIZtOIZreOYfWYRFWpRFW4zFWpzFW4IlWpIlW4qlWpqlW4ZlWpZlW47lWp79Rw7hkA7l0A7jsA7n8I7giI7kyI7iqI7m6I7hmI7l2I7juI7n/pFHeKRHebTHeKzHebwneKInebKneKqnebpneKZnebbneK7n+X8UEAEZUAEdMAEbcAEfCIEYSIEcKIEaaIEeGIEZWIEdOIEbeOEfRURERlRER0zERlzER0IkRlIkR0qkRlqkR0ZkRlZkR07kRl78RwmRkAmV0AmTsAmX8ImQiImUyImSqImW6ImRmImV2ImTuImX/lFGZGRGZXTGZGzGZXwmZGImZXKmZGqmZXpmZGZmZXbmZG7m5X9UEAVZUAVdMAVbcAVfCIVYSIVcKIVaaIVeGIVZWIVdOIVbeOUfVURFVlRFV0zFVlzFV0IlVlIlV0qlVlqlV0ZlVlZlV07lVl79Rw3RkA3V0A3TsA3X8I3QiI3UyI3SqI3W6I3RmI3V2I3TuI3X/lFHdGRHdXTHdGzHdXwndGIndXKndGqndXpndGZndXbndG7n9X80EAM5UAM9MAM7cAM/CIM4SIM8KIM6aIM+GIM5WIM9OIM7eOMfTcRETtRET8zETtzET8IkTtIkT8qkTtqkT8ZkTtZkT87kTt78RwuxkAu10AuzsAu38IuwiIu0yIuyqIu26IuxmIu12IuzuIu3/tFGbORGbfTGbOzGbfwmbOImbfKmbOqmbfpmbOZmbfbmbO7m7X90EAd5UAd9MAd7cAd/CId4SId8KId6aId+GId5WId9OId7eOcfXcRFXtRFX8zFXtzFX8IlXtIlX8qlXtqlX8ZlXtZlX87lXt79Rw/xkA/10A/zsA/38I/wiI/0yI/yqI/26I/xmI/12I/zuI/3+AH9eowOfUkJfAAAAABJRU5ErkJggg==';

interface Env {
  ws: Workspace;
  server: TetherServer;
}

async function startServer(ws: Workspace, backendArgs: string[], env: Record<string, string> = {}): Promise<TetherServer> {
  return TetherServer.start({
    backendArgs: [...backendArgs, '--workspace', ws.root, '--claude-config-dir', ws.configDir],
    env: { CLAUDE_CONFIG_DIR: ws.configDir, ...env },
    cwd: ws.root,
  });
}

const test = base.extend<{ env: Env }>({
  env: async ({}, use) => {
    const ws = makeWorkspace();
    const server = await startServer(ws, ['--backend', 'echo']);
    await use({ ws, server });
    await server.dispose();
    ws.dispose();
  },
});

const group = (page: Page, path: string) => page.locator(`[data-testid="project-group"][data-path="${path}"]`);
const openDrawer = async (page: Page) => page.getByRole('button', { name: 'Sessions' }).click();
const closeDrawer = async (page: Page) => page.mouse.click(380, 400); // the backdrop beside the drawer

/** Opens the login link; with a transcript to continue nothing is created by itself. */
async function openApp(page: Page, server: TetherServer): Promise<void> {
  await page.goto(server.loginUrl());
  await expect(label(page)).toHaveText('Connected');
}

async function createInDialog(page: Page, projectName: RegExp, title: string): Promise<string> {
  await page.getByRole('button', { name: 'New', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'New session' });
  await dialog.getByRole('radio', { name: projectName }).check();
  await dialog.getByLabel('Title (optional)').fill(title);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  return new URL(page.url()).searchParams.get('session') ?? '';
}

test('the sidebar groups by project; the terminal transcript opens with its history', async ({ page, env }, testInfo) => {
  const { ws, server } = env;
  await openApp(page, server);
  await expect(page.getByTestId('welcome')).toBeVisible();

  // alpha has the transcript (newest activity), the root has nothing yet.
  const alpha = group(page, ws.alpha);
  await expect(alpha).toBeVisible();
  await expect(alpha.getByTestId('project-path')).toHaveText(ws.alpha);
  await expect(alpha.getByTestId('project-count')).toHaveText('1');
  const row = alpha.getByTestId('transcript-row');
  await expect(row).toContainText(ws.transcript.title);
  await expect(row).toContainText(/2 h ago · \d+ messages/);
  await expect(row.getByTestId('terminal-badge')).toHaveAttribute('title', 'Started in Claude Code in a terminal');
  await expect(page.getByTestId('project-group').first()).toHaveAttribute('data-path', ws.alpha);
  await shootViews(page, testInfo, 'sidebar', { onPhone: openDrawer, afterPhone: closeDrawer });

  // Collapsing hides the rows; expanding shows them again.
  await alpha.getByRole('button', { name: /alpha-shop/, expanded: true }).click();
  await expect(alpha.getByTestId('transcript-row')).toHaveCount(0);
  await alpha.getByRole('button', { name: /alpha-shop/, expanded: false }).click();

  // Opening it: a session of origin terminal, with the conversation as history.
  await alpha.getByTestId('transcript-row').click();
  await expect.poll(() => new URL(page.url()).searchParams.get('session')).not.toBeNull();
  await expect(page.getByTestId('user-message').filter({ hasText: ws.transcript.prompt })).toHaveCount(1);
  await expect(page.getByTestId('assistant-text').filter({ hasText: ws.transcript.reply })).toHaveCount(1);
  await expect(page.getByTestId('assistant-text').filter({ hasText: ws.transcript.final })).toHaveCount(1);
  const card = page.getByTestId('tool-card');
  await expect(card).toContainText(ws.transcript.command);
  await expect(card).toContainText('done');
  await expect(page.getByTestId('session-cwd')).toHaveText(ws.alpha);
  await expect(page.getByTestId('session-cwd')).toHaveAttribute('title', ws.alpha);
  const sessionRow = alpha.getByTestId('session-row');
  await expect(sessionRow).toHaveAttribute('data-origin', 'terminal');
  await expect(sessionRow.getByTestId('terminal-badge')).toBeVisible();
  await expect(alpha.getByTestId('transcript-row')).toHaveCount(0); // it is the session now
  const resume = page.getByRole('button', { name: 'Resume in terminal' });
  await expect(resume).toHaveAttribute('title', new RegExp(`claude --resume ${ws.transcriptId}`));
  await resume.click();
  await expect(page.getByTestId('session-meta')).toContainText(/Copied|Copy failed/);
  await shootViews(page, testInfo, 'transcript');

  // After a reload the same history, from the server.
  await page.reload();
  await expect(label(page)).toHaveText('Connected');
  await expect(page.getByTestId('tool-card')).toContainText(ws.transcript.command);
});

test('new session dialog: browse folders, create in a chosen project, its folder in the header', async ({ page, env }, testInfo) => {
  const { ws, server } = env;
  await openApp(page, server);

  // Browse: the root's folders, into one, hidden folders on demand, up again, choose.
  await page.getByRole('button', { name: 'New', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'New session' });
  await expect(dialog).toBeVisible();
  await shootViews(page, testInfo, 'new-session');
  await dialog.getByRole('button', { name: 'Browse…' }).click();
  const picker = dialog.getByTestId('folder-picker');
  await expect(picker.getByTestId('folder-entry')).toHaveText(['alpha-shop', 'beta-blog']);
  await expect(picker.getByRole('button', { name: 'Up one folder' })).toBeDisabled();
  await picker.getByTestId('folder-entry').filter({ hasText: 'beta-blog' }).click();
  await expect(picker.getByTestId('folder-entry')).toHaveText(['posts']);
  await picker.getByLabel('Show hidden').check();
  await expect(picker.getByTestId('folder-entry')).toHaveText(['.drafts', 'posts']);
  await expect(picker.getByTestId('folder-breadcrumb')).toContainText('beta-blog');
  await shootViews(page, testInfo, 'folder-picker');
  await picker.getByRole('button', { name: 'Up one folder' }).click();
  await expect(picker.getByTestId('folder-entry')).toHaveText(['alpha-shop', 'beta-blog']);
  await picker.getByTestId('folder-entry').filter({ hasText: 'beta-blog' }).click();
  await expect(picker.getByTestId('folder-entry')).toHaveText(['.drafts', 'posts']);
  await picker.getByRole('button', { name: /^Use / }).click();
  await expect(picker).toHaveCount(0);
  await expect(dialog.getByRole('radio', { checked: true })).toHaveAttribute('value', ws.beta);
  await dialog.getByLabel('Title (optional)').fill('Blog in beta');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Blog in beta');
  await expect(page.getByTestId('session-cwd')).toHaveText(ws.beta);
  await expect(group(page, ws.beta).getByTestId('session-row')).toHaveCount(1);

  // The dialog remembers the project; a second one in alpha, chosen from the list.
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await expect(page.getByRole('dialog').getByRole('radio', { checked: true })).toHaveAttribute('value', ws.beta);
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await createInDialog(page, /^alpha-shop /, 'Shop work');
  await expect(page.getByTestId('session-cwd')).toHaveText(ws.alpha);
  await send(page, 'hello from the shop');
  await expect((await exchange(page, 'hello from the shop')).replyText).toHaveText('hello from the shop');
  await shootViews(page, testInfo, 'session');

  // Sessions made elsewhere with a cwd outside the roots are refused, in words.
  const refused = await page.request.post(`${server.origin}/api/sessions`, { data: { cwd: '/etc' } });
  expect(refused.status()).toBe(403);
});

test('images: attached and pasted images go with the message and show in the timeline, also after a reload', async ({ page, env }, testInfo) => {
  const { server } = env;
  await openApp(page, server);
  await createInDialog(page, /^alpha-shop /, 'Pictures');

  // Attach through the (hidden) file input behind the "Attach image" button.
  await expect(page.getByRole('button', { name: 'Attach image' })).toBeVisible();
  await page.getByTestId('image-input').setInputFiles({ name: 'gradient.png', mimeType: 'image/png', buffer: Buffer.from(pngBase64, 'base64') });
  await expect(page.getByTestId('composer-images').getByRole('img')).toHaveCount(1);
  // A file that is not an image is refused in words.
  await page.getByTestId('image-input').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(page.getByTestId('image-error')).toHaveText('notes.txt is not a PNG, JPEG, GIF or WebP image.');
  // Paste a second one (a synthetic ClipboardEvent, as a browser sends for a pasted screenshot).
  await page.getByLabel('Message', { exact: true }).evaluate((box, data) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], 'pasted.png', { type: 'image/png' }));
    box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, pngBase64);
  await expect(page.getByTestId('composer-images').getByRole('img')).toHaveCount(2);
  await page.getByRole('button', { name: 'Remove image 2' }).click();
  await expect(page.getByTestId('composer-images').getByRole('img')).toHaveCount(1);
  await page.getByLabel('Message', { exact: true }).fill('what is in this picture?');
  await shootViews(page, testInfo, 'composer-images');
  await page.getByLabel('Message', { exact: true }).press('Enter');

  const { user, replyText } = await exchange(page, 'what is in this picture?');
  await expect(user.getByTestId('message-images').getByRole('img')).toHaveCount(1);
  await expect(replyText).toHaveText('what is in this picture?');
  await expect(page.getByTestId('composer-images')).toHaveCount(0);

  // From the chat_request event: after a reload, and the full size on click.
  await page.reload();
  await expect(label(page)).toHaveText('Connected');
  const again = (await exchange(page, 'what is in this picture?')).user;
  await expect(again.getByTestId('message-images').getByRole('img')).toHaveCount(1);
  await again.getByRole('button', { name: 'View image 1 full size' }).click();
  await expect(page.getByTestId('image-full')).toBeVisible();
  await shootViews(page, testInfo, 'image-viewer');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('image-full')).toHaveCount(0);
});

// ---- the real Claude Code CLI, against the fake Messages API ----

const missing = claudeCodeAvailable();

test.describe('with Claude Code', () => {
  test.skip(missing !== null, missing ?? '');

  test('a slash command from the list, and the permission mode switched from the header', async ({ page }, testInfo) => {
    test.setTimeout(180_000);
    const ws = makeWorkspace();
    // A project command, as Claude Code reads them from .claude/commands/.
    mkdirSync(join(ws.alpha, '.claude', 'commands'), { recursive: true });
    writeFileSync(join(ws.alpha, '.claude', 'commands', 'greet.md'), '---\ndescription: Greet someone by name\nargument-hint: [name]\n---\nSay hello to $ARGUMENTS.\n');
    mkdirSync(ws.configDir, { recursive: true });
    const fake = await FakeAnthropic.start();
    const server = await startServer(ws, ['--backend', 'claude-code', '--claude-path', claudeCli], { ...fake.cliEnv(ws.configDir) });
    try {
      await openApp(page, server);
      await createInDialog(page, /^alpha-shop /, 'Commands');
      await expect(page.getByTestId('session-cwd')).toHaveText(ws.alpha);

      // "/" lists the commands; typing filters; Enter takes the highlighted one.
      const box = page.getByLabel('Message', { exact: true });
      await box.fill('/');
      const menu = page.getByRole('listbox', { name: 'Slash commands' });
      await expect(menu.getByRole('option').first()).toBeVisible({ timeout: 60_000 });
      await box.fill('/gre');
      await expect(menu.getByRole('option', { name: /\/greet/ })).toContainText('Greet someone by name');
      await shootViews(page, testInfo, 'slash-commands');
      await box.press('Enter');
      await expect(box).toHaveValue('/greet ');
      await expect(menu).toHaveCount(0);
      await box.pressSequentially('Ada');
      await box.press('Enter');
      const { reply } = await exchange(page, '/greet Ada');
      await expect(reply.last()).toContainText('Ada', { timeout: 60_000 });
      await expect(page.getByTestId('backend')).toHaveText('Claude Code');

      // The mode: the header shows what the server reports after the switch.
      const mode = page.getByTestId('permission-mode');
      await expect(mode).toHaveAttribute('data-mode', 'default');
      await mode.selectOption('plan');
      await expect(mode).toHaveAttribute('data-mode', 'plan', { timeout: 30_000 });
      await expect(mode).toHaveValue('plan');
      await expect(page.getByTestId('model-select')).toBeVisible();
      // The first turn gave the session its Claude Code id, and the command to resume it in a terminal.
      await expect(page.getByRole('button', { name: 'Resume in terminal' })).toHaveAttribute('title', /claude --resume /);
      await shootViews(page, testInfo, 'claude-code-header');
    } finally {
      await server.dispose();
      fake.stop();
      ws.dispose();
    }
  });
});
