// The repo's fake Anthropic Messages API (tests/tools/fake-anthropic/server.mjs), which
// the real `claude` CLI is pointed at for test 5b: scripted replies picked by a
// `[[scenario:…]]` marker in the prompt, no network, no key.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './tether-server';

// TETHER_TEST_TOOLS_DIR may point at another checkout's tests/tools.
const toolsDir = process.env.TETHER_TEST_TOOLS_DIR ?? join(repoRoot, 'tests', 'tools');
export const fakeAnthropicScript = join(toolsDir, 'fake-anthropic', 'server.mjs');
export const claudeCli = join(toolsDir, 'node_modules', '.bin', 'claude');

export function claudeCodeAvailable(): string | null {
  if (!existsSync(fakeAnthropicScript)) return `${fakeAnthropicScript} is missing (the Claude Code backend is not on this branch)`;
  if (!existsSync(claudeCli)) return `${claudeCli} is missing: run scripts/setup.sh test (npm ci in tests/tools)`;
  return null;
}

export class FakeAnthropic {
  private constructor(private readonly child: ChildProcess, readonly port: number) {}

  static async start(): Promise<FakeAnthropic> {
    // Its stdin stays open: the fake exits when stdin closes, so it cannot outlive us.
    const child = spawn(process.execPath, [fakeAnthropicScript, '--port', '0'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const port = await new Promise<number>((ready, fail) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /\{"listening":(\d+)\}/.exec(out);
        if (match) ready(Number(match[1]));
      });
      child.once('exit', (code, signal) => {
        fail(new Error(`fake Anthropic API exited (${code ?? signal ?? 'unknown'})`));
      });
    });
    return new FakeAnthropic(child, port);
  }

  /** What the CLI needs to talk to this fake and nothing else. */
  cliEnv(configDir: string): Record<string, string> {
    return {
      ANTHROPIC_BASE_URL: `http://127.0.0.1:${this.port}`,
      ANTHROPIC_API_KEY: 'sk-test',
      CLAUDE_CONFIG_DIR: configDir,
      CLAUDE_CODE_MAX_RETRIES: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_TELEMETRY: '1',
      DISABLE_AUTOUPDATER: '1',
      DISABLE_ERROR_REPORTING: '1',
      CLAUDE_CODE_DISABLE_NONSTREAMING_FALLBACK: '1',
    };
  }

  stop(): void {
    this.child.stdin?.end();
    this.child.kill('SIGTERM');
  }
}
