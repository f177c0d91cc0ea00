// Every control on the page has an accessible name, and Tab reaches every one of them
// (a radio group by its checked radio, as arrow keys move inside it): the chat with a
// reply holding a code block, the sidebar and its settings, the composer, and each dialog
// (where Tab stays inside). Names come from the browser's accessibility tree (Playwright's
// ARIA snapshot), the same one a screen reader reads; jsx-a11y checks the source.
import type { Locator, Page } from '@playwright/test';
import { exchange, expect, openChat, send, test } from './support/fixtures';
import { desktop, phone } from './support/screenshots';

const controlRoles = new Set(['button', 'checkbox', 'combobox', 'link', 'listbox', 'menuitem', 'option', 'radio', 'searchbox', 'slider', 'spinbutton', 'switch', 'tab', 'textbox']);

/** The lines of the ARIA snapshot of `root` that are controls without a name. */
async function unnamedControls(root: Locator): Promise<string[]> {
  const lines = (await root.ariaSnapshot()).split('\n').map((line) => line.trim());
  return lines.filter((line) => {
    const match = /^- ([a-z]+)(.*)$/.exec(line);
    if (!match || !controlRoles.has(match[1] ?? '')) return false;
    return !/^ ["/]/.test(match[2] ?? ''); // `- button "Send"`: named; `- button [disabled]`: not
  });
}

/** Marks the controls in `scope` (visible, enabled, not hidden from assistive technology) and returns their descriptions. */
async function markControls(page: Page, scope: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const root = document.querySelector(selector);
    if (!root) throw new Error(`no ${selector}`);
    const candidates = root.querySelectorAll<HTMLElement>(
      'a[href], button, input:not([type="hidden"]), select, textarea, [role="switch"], [tabindex]:not([tabindex="-1"])',
    );
    const radioGroups = new Set<string>();
    const marked: string[] = [];
    candidates.forEach((el, i) => {
      if ((el as HTMLButtonElement).disabled || el.closest('[inert], [aria-hidden="true"]')) return;
      // A visually hidden radio covering its label is still the control: look at the label's box.
      const box = el instanceof HTMLInputElement && el.type === 'radio' ? (el.closest('label') ?? el) : el;
      if (!box.checkVisibility({ visibilityProperty: true }) || box.getBoundingClientRect().width === 0) return;
      if (el instanceof HTMLInputElement && el.type === 'radio') {
        if (radioGroups.has(el.name)) return; // one stop per group
        radioGroups.add(el.name);
      }
      el.dataset.a11yControl = String(i);
      marked.push(`${el.tagName.toLowerCase()}#${i} ${(el.getAttribute('aria-label') ?? el.textContent).trim().slice(0, 40)}`);
    });
    return marked;
  }, scope);
}

/** Presses Tab until focus comes round again; returns the marked controls it reached (radio groups by name). */
async function tabThrough(page: Page, presses: number): Promise<Set<string>> {
  const reached = new Set<string>();
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate(() => {
      const el = document.activeElement;
      if (!(el instanceof HTMLElement)) return null;
      if (el instanceof HTMLInputElement && el.type === 'radio') {
        const first = document.querySelector<HTMLElement>(`input[type="radio"][name="${el.name}"][data-a11y-control]`);
        return first?.dataset.a11yControl ?? null;
      }
      return el.dataset.a11yControl ?? null;
    });
    if (at !== null) reached.add(at);
  }
  return reached;
}

async function expectAllNamedAndReachable(page: Page, scope: string) {
  expect(await unnamedControls(page.locator(scope))).toEqual([]);
  const controls = await markControls(page, scope);
  expect(controls.length).toBeGreaterThan(0);
  const reached = await tabThrough(page, controls.length * 2 + 5);
  const missed = controls.filter((c) => !reached.has(/#(\d+)/.exec(c)?.[1] ?? ''));
  expect(missed, `not reachable with Tab in ${scope}`).toEqual([]);
}

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
