// The accessibility checks the specs share: every control in a part of the page has a
// name in the browser's accessibility tree, and Tab reaches each of them (a radio group by
// its checked radio). Used by accessibility.spec.ts and workbench.spec.ts.
import { expect, type Locator, type Page } from '@playwright/test';

const controlRoles = new Set(['button', 'checkbox', 'combobox', 'link', 'listbox', 'menuitem', 'option', 'radio', 'searchbox', 'slider', 'spinbutton', 'switch', 'tab', 'textbox']);

/** The lines of the ARIA snapshot of `root` that are controls without a name. */
export async function unnamedControls(root: Locator): Promise<string[]> {
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

export async function expectAllNamedAndReachable(page: Page, scope: string) {
  expect(await unnamedControls(page.locator(scope))).toEqual([]);
  const controls = await markControls(page, scope);
  expect(controls.length).toBeGreaterThan(0);
  const reached = await tabThrough(page, controls.length * 2 + 5);
  const missed = controls.filter((c) => !reached.has(/#(\d+)/.exec(c)?.[1] ?? ''));
  expect(missed, `not reachable with Tab in ${scope}`).toEqual([]);
}

