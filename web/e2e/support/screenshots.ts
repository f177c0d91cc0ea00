// Screenshots of one view in light and dark, at desktop (1100x760) and phone (390x844)
// widths, into web/test-results/screenshots/<name>-<theme>-<width>.png, to look at.
import type { Page, TestInfo } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const desktop = { width: 1100, height: 760 };
export const phone = { width: 390, height: 844 };

export interface ShotOptions {
  /** Run at phone width before the shot (e.g. open the drawer), and undone by `after`. */
  onPhone?: (page: Page) => Promise<void>;
  afterPhone?: (page: Page) => Promise<void>;
}

export async function shootViews(page: Page, testInfo: TestInfo, name: string, options: ShotOptions = {}): Promise<void> {
  const dir = join(testInfo.project.outputDir, 'screenshots');
  mkdirSync(dir, { recursive: true });
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    for (const [width, size] of [['desktop', desktop], ['phone', phone]] as const) {
      await page.setViewportSize(size);
      if (width === 'phone') await options.onPhone?.(page);
      await page.waitForTimeout(250); // the drawer's slide, a re-layout
      const path = join(dir, `${name}-${theme}-${width}.png`);
      await page.screenshot({ path });
      await testInfo.attach(`${name}-${theme}-${width}`, { path, contentType: 'image/png' });
      if (width === 'phone') await options.afterPhone?.(page);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(desktop);
}
