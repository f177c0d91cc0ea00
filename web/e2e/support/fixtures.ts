// Playwright fixtures: each test gets its own `tether serve` (fresh data directory)
// with a TCP proxy in front of it, and helpers that read the page the way a person
// does: the status label, the messages, their delivery marks.
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { TcpProxy } from './tcp-proxy';
import { TetherServer, freePort } from './tether-server';

export interface Env {
  server: TetherServer;
  proxy: TcpProxy;
  /** The login link through the proxy (the path tests can cut). */
  proxiedLogin: string;
}

export const test = base.extend<{ env: Env; pageProblems: undefined }>({
  // Every test fails on an uncaught page error or a Content-Security-Policy violation
  // (the server forbids inline scripts). Failed connections are expected and allowed.
  pageProblems: [
    async ({ context }, use) => {
      const problems: string[] = [];
      const watch = (page: Page) => {
        page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
        page.on('console', (message) => {
          if (/Content Security Policy/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
        });
      };
      context.pages().forEach(watch);
      context.on('page', watch);
      await use(undefined);
      expect(problems).toEqual([]);
    },
    { auto: true },
  ],
  env: async ({}, use) => {
    const proxyPort = await freePort();
    const server = await TetherServer.start({ allowedOrigins: [`http://127.0.0.1:${proxyPort}`] });
    const proxy = new TcpProxy(proxyPort, server.port);
    await proxy.start();
    await use({ server, proxy, proxiedLogin: server.loginUrl(proxyPort) });
    await proxy.close();
    await server.dispose();
  },
});

export { expect };

export const label = (page: Page) => page.getByTestId('connection-label');
export const status = (page: Page) => page.getByTestId('connection-status');

/** Opens the printed link and waits for the chat to be connected with a session. */
export async function openChat(page: Page, url: string): Promise<string> {
  await page.goto(url);
  await expect(status(page)).toHaveAttribute('data-state', 'connected');
  await expect(page.getByLabel('Message', { exact: true })).toBeVisible();
  await expect.poll(() => new URL(page.url()).searchParams.get('session')).not.toBeNull();
  return new URL(page.url()).searchParams.get('session') ?? '';
}

export async function send(page: Page, text: string): Promise<void> {
  const box = page.getByLabel('Message', { exact: true });
  await box.fill(text);
  await box.press('Enter');
}

/** The user message with this text (exactly one), its delivery mark, and the reply to it. */
export async function exchange(page: Page, userText: string) {
  const user = page.getByTestId('user-message').filter({ has: page.getByText(userText, { exact: true }) });
  await expect(user).toHaveCount(1);
  const id = (await user.getAttribute('data-id')) ?? '';
  const reply = page.locator(`[data-testid="assistant-message"][data-request-id="${id}"]`);
  return { user, delivery: user.getByTestId('delivery'), reply, replyText: reply.getByTestId('assistant-text') };
}

/** `count` distinct words, so that an exact-text check means something. */
export function words(count: number, tag: string): string {
  return Array.from({ length: count }, (_, i) => `${tag}${i + 1}`).join(' ');
}

/** Saves a screenshot of a connection state as a test artifact. */
export async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const dir = join(testInfo.project.outputDir, 'connection-states');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
