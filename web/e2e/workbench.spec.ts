// The workbench beside the chat (issue 18): Files and Changes for a session's project,
// against the real server (echo backend, no Claude CLI). A project that is a git
// repository (a commit, then a modified file, an untracked file, a .gitignore'd file and
// a nested folder): the panel opened from the header, a folder opened, a file shown
// highlighted with line numbers, the changes with the modified file's diff and the
// untracked file listed; then a project that is no repository says so. Screenshots in
// light and dark, desktop and phone: test-results/screenshots/workbench-*.png.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { expectAllNamedAndReachable } from './support/a11y';
import { label } from './support/fixtures';
import { phone, shootViews } from './support/screenshots';
import { TetherServer } from './support/tether-server';

interface Projects {
  root: string;
  repo: string;
  plain: string;
  dispose(): void;
}

const appTs = [
  "import { readFileSync } from 'node:fs';",
  '',
  '/** The cart total, in cents. */',
  'export function total(prices: number[]): number {',
  '  return prices.reduce((sum, price) => sum + price, 0);',
  '}',
  '',
  'export const currency = "EUR";',
  '',
].join('\n');

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

function makeProjects(): Projects {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'tether-workbench-e2e-')));
  const root = join(base, 'code');
  const repo = join(root, 'shop');
  const plain = join(root, 'notes');
  write(join(repo, 'src/app.ts'), appTs);
  write(join(repo, 'src/lib/deep/money.ts'), 'export const cents = (euros: number) => Math.round(euros * 100);\n');
  write(join(repo, 'README.md'), '# Shop\n\nA small shop.\n');
  write(join(repo, '.gitignore'), 'dist/\n*.log\n');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=E2E', '-c', 'user.email=e2e@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd: repo, stdio: 'ignore' });
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'first');
  // After the commit: a change, a new file, and files .gitignore hides.
  write(join(repo, 'src/app.ts'), appTs.replace('return prices.reduce((sum, price) => sum + price, 0);', 'return prices.reduce((sum, price) => sum + price, 0) + shipping;').replace('"EUR"', '"USD"'));
  write(join(repo, 'notes.txt'), 'call the supplier\n');
  write(join(repo, 'dist/bundle.js'), 'built\n');
  write(join(repo, 'debug.log'), 'noise\n');
  write(join(plain, 'todo.md'), '- milk\n');
  return { root, repo, plain, dispose: () => { rmSync(base, { recursive: true, force: true }); } };
}

// The two projects are workspace roots: the new-session dialog offers both.
const test = base.extend<{ env: { projects: Projects; server: TetherServer } }>({
  env: async ({}, use) => {
    const projects = makeProjects();
    const server = await TetherServer.start({ backendArgs: ['--backend', 'echo', '--workspace', projects.repo, '--workspace', projects.plain], cwd: projects.root });
    await use({ projects, server });
    await server.dispose();
    projects.dispose();
  },
});

async function createSession(page: Page, project: string, title: string): Promise<void> {
  await page.getByRole('button', { name: 'New', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'New session' });
  await dialog.getByRole('radio', { name: new RegExp(`^${project}\\b`) }).check();
  await dialog.getByLabel('Title (optional)').fill(title);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
}

test('Files and Changes beside the chat: a tree, a highlighted file, a diff; a project without git says so', async ({ page, env }, testInfo) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
  });
  await page.goto(env.server.loginUrl());
  await expect(label(page)).toHaveText('Connected');
  await createSession(page, 'shop', 'Shop work');

  const toggle = page.getByRole('button', { name: 'Files & changes' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const panel = page.getByRole('complementary', { name: 'Files and changes' });
  await expect(panel.getByRole('tab', { name: 'Files', selected: true })).toBeVisible();

  // The root: folders first; .gitignore'd files left out and counted; dot-files hidden.
  const tree = panel.getByRole('tree', { name: 'Project files' });
  await expect(tree.getByRole('treeitem')).toHaveText([/src$/, /README\.md$/, /notes\.txt$/]);
  await expect(panel.getByText(/^\d+ ignored by \.gitignore$/)).toBeVisible();
  await panel.getByRole('checkbox', { name: 'Show hidden files' }).check();
  await expect(tree.getByRole('treeitem', { name: '.gitignore' })).toBeVisible();
  await panel.getByRole('checkbox', { name: 'Show hidden files' }).uncheck();
  await expect(tree.getByRole('treeitem', { name: '.gitignore' })).toHaveCount(0);

  // A folder opens on click, a nested one from the keyboard.
  const src = tree.getByRole('treeitem', { name: 'src' });
  await src.click();
  await expect(src).toHaveAttribute('aria-expanded', 'true');
  const lib = tree.getByRole('treeitem', { name: 'lib' });
  await expect(lib).toHaveAttribute('aria-level', '2');
  await lib.focus();
  await page.keyboard.press('ArrowRight');
  await expect(lib).toHaveAttribute('aria-expanded', 'true');
  await expect(tree.getByRole('treeitem', { name: 'deep' })).toHaveAttribute('aria-level', '3');
  await shootViews(page, testInfo, 'workbench-tree');
  // Every control of the panel is named and reached with Tab (the tree is one stop: arrows move inside).
  await toggle.focus(); // from the header, Tab goes through the composer into the panel
  await expectAllNamedAndReachable(page, '#workbench');
  await lib.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(lib).toHaveAttribute('aria-expanded', 'false');

  // A file: its path, size, lines numbered and highlighted.
  await tree.getByRole('treeitem', { name: 'app.ts' }).click();
  await expect(panel.getByRole('navigation', { name: 'File path' })).toHaveText('src/app.ts');
  const code = panel.getByRole('region', { name: 'Contents of src/app.ts' });
  await expect(code).toHaveAttribute('data-highlighted', 'true');
  await expect(code).toHaveAttribute('data-lines', '8');
  await expect(code).toContainText('export function total(prices: number[]): number {');
  expect(await code.evaluate((el) => [...el.querySelectorAll('[data-line]')].map((line) => line.getAttribute('data-line')))).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
  expect(await code.evaluate((el) => el.querySelectorAll('.hljs-keyword').length)).toBeGreaterThan(2);
  expect(page.workers().map((worker) => new URL(worker.url()).pathname)).toEqual([expect.stringMatching(/highlight-worker/)]); // coloured off the page's thread
  // The line numbers are drawn by CSS: they are not in the text a copy takes.
  expect(await code.evaluate((el) => getComputedStyle(el.querySelector('[data-line]') ?? el, '::before').content)).toBe('"1"');
  await shootViews(page, testInfo, 'workbench-file');

  // Changes: the branch, the modified file's diff with both line numbers, the untracked file listed.
  await panel.getByRole('tab', { name: 'Changes' }).click();
  await expect(panel.getByTestId('git-summary')).toContainText('main');
  await expect(panel.getByRole('heading', { name: 'Changes (1)' })).toBeVisible();
  await expect(panel.getByRole('heading', { name: 'Untracked (1)' })).toBeVisible();
  await expect(panel.getByRole('button', { name: 'untracked: notes.txt' })).toBeVisible();
  await panel.getByRole('button', { name: 'modified: src/app.ts' }).click();
  const diff = panel.getByTestId('change-diff');
  await expect(diff.getByRole('row').filter({ hasText: 'return prices.reduce' })).toHaveText([/^5\s*-/, /^5\s*\+.*\+ shipping;$/]);
  await expect(diff.getByRole('row').filter({ hasText: '"USD"' })).toHaveText(/^8\s*\+/);
  await expect(diff.getByRole('row').filter({ hasText: '@@' }).first()).toHaveText(/^@@ -\d+,\d+ \+\d+,\d+ @@$/);
  await panel.getByRole('button', { name: 'Next file' }).click();
  await expect(diff).toHaveAttribute('data-path', 'notes.txt');
  await expect(diff.getByRole('row').filter({ hasText: 'call the supplier' })).toHaveText(/^1\s*\+/);
  await panel.getByRole('button', { name: 'Previous file' }).click();
  await expect(diff).toHaveAttribute('data-path', 'src/app.ts');
  await shootViews(page, testInfo, 'workbench-changes');
  await toggle.focus();
  await expectAllNamedAndReachable(page, '#workbench');

  // On a phone the panel is a sheet over the chat: Escape closes it, focus back on the button.
  await page.setViewportSize(phone);
  const sheet = page.getByRole('dialog', { name: 'Files and changes' });
  await expect(sheet).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(sheet).toHaveCount(0);
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(toggle).toBeFocused();
  await toggle.click();
  await expect(sheet.getByRole('tab', { name: 'Changes', selected: true })).toBeFocused();
  await sheet.getByRole('button', { name: 'Close files and changes' }).click();
  await expect(toggle).toBeFocused();
  await page.setViewportSize({ width: 1100, height: 760 });

  // A project without git (the panel and its tab are remembered, across a reload too).
  await createSession(page, 'notes', 'Notes');
  await toggle.click();
  await page.reload();
  await expect(panel.getByRole('tab', { name: 'Changes', selected: true })).toBeVisible();
  await expect(panel.getByText('This project is not a git repository.')).toBeVisible();
  await shootViews(page, testInfo, 'workbench-no-git');
  expect(problems).toEqual([]);
});
