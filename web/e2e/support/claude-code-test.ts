// The test of a spec that drives the real Claude Code CLI (pinned in tests/tools) against
// the repo's fake Messages API: `workspace` is the project folder the server starts in,
// `claude` the server (claude-code backend) whose CLI talks to a fresh fake. Each test
// gets its own home, fake and server; all are gone after it.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test as base } from '@playwright/test';
import { FakeAnthropic, claudeCli, claudeCodeAvailable } from './fake-anthropic';
import { TetherServer } from './tether-server';

/** Why these specs cannot run here (the CLI is not installed), or null: `test.skip(…)`. */
export const claudeCodeMissing = claudeCodeAvailable();

export const claudeCodeTest = base.extend<{ workspace: string; claude: TetherServer }>({
  workspace: async ({}, use) => {
    const home = mkdtempSync(join(tmpdir(), 'tether-claude-e2e-'));
    const workspace = join(home, 'proj');
    mkdirSync(workspace);
    mkdirSync(join(home, 'config'));
    await use(workspace);
    rmSync(home, { recursive: true, force: true });
  },
  claude: async ({ workspace }, use) => {
    const fake = await FakeAnthropic.start();
    const server = await TetherServer.start({
      backendArgs: ['--backend', 'claude-code', '--claude-path', claudeCli],
      env: fake.cliEnv(join(dirname(workspace), 'config')),
      cwd: workspace,
    });
    await use(server);
    await server.dispose();
    fake.stop();
  },
});
