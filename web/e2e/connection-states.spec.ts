// Test 6: a screenshot of each connection state, saved under
// test-results/connection-states/ and attached to the report. Each shot is taken only
// after the page shows that state, so the test fails if a state cannot be reached.
import { expect, label, openChat, shoot, status, test } from './support/fixtures';

test('6: a screenshot of every connection state', async ({ page, browser, env }, testInfo) => {
  test.setTimeout(120_000);

  // connecting: the upgrade hangs (the page itself loads over plain HTTP)
  env.proxy.stallUpgrades();
  await page.goto(env.proxiedLogin);
  await expect(label(page)).toHaveText('Connecting…');
  await expect(status(page)).toHaveAttribute('data-state', 'connecting');
  await shoot(page, testInfo, 'connecting');

  // connected (light, dark, phone)
  env.proxy.restore();
  await openChat(page, env.proxiedLogin);
  await expect(label(page)).toHaveText('Connected');
  await shoot(page, testInfo, 'connected');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shoot(page, testInfo, 'connected-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 390, height: 760 });
  await page.reload(); // laid out for the phone from the start, not mid-transition
  await expect(label(page)).toHaveText('Connected');
  await shoot(page, testInfo, 'connected-phone');
  await page.setViewportSize({ width: 1100, height: 760 });
  await page.reload();
  await expect(label(page)).toHaveText('Connected');

  // reconnecting
  env.proxy.cut();
  await expect(label(page)).toHaveText(/^Reconnecting [1-5]\/5/);
  await shoot(page, testInfo, 'reconnecting');
  env.proxy.restore();
  await expect(label(page)).toHaveText('Connected', { timeout: 30_000 });

  // disconnected at once when the browser goes offline; back when it is online
  await page.context().setOffline(true);
  await expect(label(page)).toHaveText('Offline');
  await expect(status(page)).toHaveAttribute('data-state', 'disconnected');
  await shoot(page, testInfo, 'offline');
  await page.context().setOffline(false);
  await expect(label(page)).toHaveText('Connected');

  // error: a browser without the token
  const stranger = await browser.newContext();
  const lost = await stranger.newPage();
  await lost.goto(`${env.server.origin}/`);
  await expect(status(lost)).toHaveAttribute('data-state', 'error');
  await expect(label(lost)).toHaveText('Error');
  await expect(lost.getByTestId('connection-problem')).toContainText('open the link printed by tether serve');
  await shoot(lost, testInfo, 'error');
  await stranger.close();
});
