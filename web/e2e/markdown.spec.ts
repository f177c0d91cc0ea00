// Markdown in a reply (echo backend: the reply is the message): a code block's colours are
// highlight.js's own themes, github.css in light and github-dark.css in dark, switched with
// the page's theme and already right when the page is first painted.
import { exchange, expect, openChat, send, test } from './support/fixtures';
import { shootViews } from './support/screenshots';

const LIGHT_KEYWORD = 'rgb(215, 58, 73)'; // github.css .hljs-keyword #d73a49
const DARK_KEYWORD = 'rgb(255, 123, 114)'; // github-dark.css .hljs-keyword #ff7b72

interface BootWindow {
  codeThemeAtBody?: string[];
}

test('code blocks: highlight.js github theme in light, github-dark in dark, right from the first paint', async ({ page, env }, testInfo) => {
  // What the highlight.js theme links say when <body> starts: before the app, before any paint.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.querySelector('body')) return;
      (window as BootWindow).codeThemeAtBody = [...document.querySelectorAll<HTMLLinkElement>('link[data-code-theme]')].map(
        (link) => `${link.dataset.codeTheme ?? ''}: ${link.media}`,
      );
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
  await page.emulateMedia({ colorScheme: 'light' });
  await openChat(page, env.server.loginUrl());
  const message = 'Here:\n\n```js\nconst answer = 42;\n```';
  await send(page, message);
  const { replyText } = await exchange(page, message.replace(/\s+/g, ' ')); // as shown: white space collapsed
  const keyword = replyText.locator('code.hljs .hljs-keyword');
  await expect(keyword).toHaveText('const');
  await expect(keyword).toHaveCSS('color', LIGHT_KEYWORD);

  await page.getByRole('radio', { name: 'Dark' }).check();
  await expect(keyword).toHaveCSS('color', DARK_KEYWORD);
  // The block keeps the box of the others (the <pre>'s), not the theme's background.
  await expect(replyText.locator('code.hljs')).toHaveCSS('background-color', 'rgba(0, 0, 0, 0)');

  // Chosen dark on a light system: the boot script switched the links before <body>.
  await page.reload();
  expect(await page.evaluate(() => (window as BootWindow).codeThemeAtBody)).toEqual(['light: not all', 'dark: all']);
  await expect(keyword).toHaveCSS('color', DARK_KEYWORD);

  await page.getByRole('radio', { name: 'System' }).check();
  await expect(keyword).toHaveCSS('color', LIGHT_KEYWORD);
  await shootViews(page, testInfo, 'code-block');
});
