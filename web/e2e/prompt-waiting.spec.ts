// A permission prompt that waits is noticed away from its page, and its decision stays
// in the history. The real Claude Code CLI (pinned in tests/tools) against the repo's
// fake Messages API, as in claude-code.spec.ts; two tabs of one browser:
// - tab A asks for a tool call: its title says a prompt waits, and (opted in, the page
//   out of sight) a notification names the tool;
// - tab B, in another session, sees the first session marked as waiting in its sidebar
//   (the list is refreshed while the page is visible) and in its title;
// - A answers: the decision reads "this tab" in A and "another tab/client" in B, and the
//   titles are plain again.
import { expect, type Page } from '@playwright/test';
import { label, openChat, send } from './support/fixtures';
import { claudeCodeMissing, claudeCodeTest as test } from './support/claude-code-test';
import { shootViews } from './support/screenshots';

test.skip(claudeCodeMissing !== null, claudeCodeMissing ?? '');

// Headless Chromium shows no system notifications and its pages are never hidden: tab A
// gets a Notification that records what it was asked to show, and a `document.hidden`
// the test sets (the page's visibilityState, which pauses list refreshes, stays real).
async function recordNotifications(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { shownNotifications: { title: string; body: string; tag: string }[]; pretendHidden: boolean };
    w.shownNotifications = [];
    w.pretendHidden = false;
    Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => w.pretendHidden });
    // The grant outlives a reload, as the browser's would.
    class RecordingNotification {
      static get permission(): NotificationPermission {
        return localStorage.getItem('e2e.notificationPermission') === 'granted' ? 'granted' : 'default';
      }
      static requestPermission(): Promise<NotificationPermission> {
        localStorage.setItem('e2e.notificationPermission', 'granted');
        return Promise.resolve('granted');
      }
      onclick: (() => void) | null = null;
      constructor(title: string, options: { body: string; tag: string }) {
        w.shownNotifications.push({ title, body: options.body, tag: options.tag });
      }
      close(): void {
        // nothing to take away: the recording stays for the test to read
      }
    }
    Object.defineProperty(window, 'Notification', { configurable: true, value: RecordingNotification });
  });
}

const pretendHidden = (page: Page, hidden: boolean) => page.evaluate((h) => ((window as unknown as { pretendHidden: boolean }).pretendHidden = h), hidden);
const shownNotifications = (page: Page) => page.evaluate(() => (window as unknown as { shownNotifications: unknown[] }).shownNotifications);

const sidebarRow = (page: Page, sessionId: string) => page.getByRole('navigation', { name: 'Sessions' }).locator(`[data-session-id="${sessionId}"]`);
const openDrawer = async (page: Page) => page.getByRole('button', { name: 'Sessions' }).click();
const closeDrawer = async (page: Page) => page.mouse.click(380, 400); // the backdrop beside the drawer

test('a waiting prompt shows in the tab title, in other tabs’ sidebars and as a notification; its decision says who answered', async ({ page, context, claude }, testInfo) => {
  test.setTimeout(180_000);
  await recordNotifications(page);
  const first = await openChat(page, claude.loginUrl());
  await expect(page).toHaveTitle('Tether');

  // Opt in to notifications (tab A's recording Notification grants them).
  const setting = page.getByRole('checkbox', { name: 'Notify me when Claude Code asks for permission' });
  await setting.check();
  await expect(setting).toBeChecked();
  await expect(page.getByTestId('notification-setting').getByRole('status')).toHaveCount(0);

  // Tab B works in a second session, open before the prompt exists.
  const created = (await (await page.request.post(`${claude.origin}/api/sessions`, { data: { title: 'Second session' } })).json()) as { session: { id: string } };
  const other = await context.newPage();
  await other.goto(`${claude.origin}/?session=${created.session.id}`);
  await expect(label(other)).toHaveText('Connected');
  await expect(other.getByRole('heading', { level: 1 })).toHaveText('Second session');
  await expect(sidebarRow(other, first)).toBeVisible();
  await expect(sidebarRow(other, first).getByRole('status')).toHaveCount(0);

  // A asks for a tool call while it is out of sight.
  await pretendHidden(page, true);
  await send(page, 'make a file [[scenario:tool_bash|touch waiting.txt]]');
  const card = page.getByRole('group', { name: 'Permission request for Bash' });
  await expect(card).toContainText('touch waiting.txt', { timeout: 60_000 });
  await expect(page).toHaveTitle('(1) Permission needed · Tether');
  await expect(sidebarRow(page, first).getByRole('status', { name: 'Permission prompt waiting for you' })).toBeVisible();
  await expect.poll(() => shownNotifications(page)).toEqual([
    { title: 'Claude Code asks to use Bash', body: expect.stringContaining('touch waiting.txt') as unknown, tag: expect.stringMatching(/^tether-permission-/) as unknown },
  ]);
  await pretendHidden(page, false);

  // B was not told by an event (it is not in that session): its list refresh shows it.
  await expect(sidebarRow(other, first).getByRole('status', { name: 'Permission prompt waiting for you' })).toBeVisible({ timeout: 25_000 });
  await expect(other).toHaveTitle('(1) Permission needed · Tether');
  await shootViews(page, testInfo, 'prompt-waiting');
  // On a phone the drawer is closed: its button says that a prompt waits elsewhere.
  const openDrawerSaysWaiting = async (p: Page) => {
    await expect(p.getByRole('button', { name: 'Sessions (1 waiting for you)' })).toBeVisible();
    await openDrawer(p);
  };
  await shootViews(other, testInfo, 'prompt-waiting-elsewhere', { onPhone: openDrawerSaysWaiting, afterPhone: closeDrawer });
  await shootViews(other, testInfo, 'prompt-waiting-elsewhere-menu'); // the phone's closed drawer, its button marked

  // A answers. The decision says who, in each tab; nothing waits any more.
  await card.getByRole('button', { name: 'Allow', exact: true }).click();
  const decision = page.getByRole('group', { name: 'Permission decision for Bash' });
  await expect(decision).toContainText('Allowed');
  await expect(decision).toContainText('answered in this tab');
  await expect(decision.locator('time')).toHaveText('just now');
  await expect(decision.locator('time')).toHaveAttribute('title', /\d/);
  await expect(page).toHaveTitle('Tether');
  await expect(page.getByTestId('assistant-text').last()).toContainText('Tool finished (is_error=False)', { timeout: 60_000 });

  await sidebarRow(other, first).getByTestId('session-item').click();
  const seenInB = other.getByRole('group', { name: 'Permission decision for Bash' });
  await expect(seenInB).toContainText('Allowed');
  await expect(seenInB).toContainText('answered in another tab/client');
  await expect(sidebarRow(other, first).getByRole('status')).toHaveCount(0);
  await expect(other).toHaveTitle('Tether');

  // The decision is history: after a reload A still says it answered (its ids are kept per tab).
  await page.reload();
  await expect(label(page)).toHaveText('Connected');
  await expect(page.getByRole('group', { name: 'Permission decision for Bash' })).toContainText('answered in this tab');
  await shootViews(page, testInfo, 'prompt-decided');
  await shootViews(other, testInfo, 'prompt-decided-elsewhere');
});
