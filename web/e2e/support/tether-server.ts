// Starts the real `tether serve` binary for a test: a free port, a temporary data
// directory, a token, a 20 ms echo delay, and the built web UI. Resolves once the
// server prints "Tether is running at http://127.0.0.1:PORT/?token=TOKEN".
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const buildDir = process.env.TETHER_BUILD_DIR ?? join(repo, 'build');
export const tetherBinary = join(buildDir, 'cli', 'tether');
export const webRoot = join(repo, 'web', 'dist');
export const repoRoot = repo;

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => { done(port); });
    });
  });
}

export interface ServerOptions {
  port?: number;
  dataDir?: string;
  token?: string;
  allowedOrigins?: string[];
  echoDelayMs?: number;
  /** Backend arguments; default `--backend echo` (deterministic replies: the message, word by word). */
  backendArgs?: string[];
  env?: Record<string, string>;
  /** The server's working directory: new sessions work there. */
  cwd?: string;
}

export class TetherServer {
  private process: ChildProcess | null = null;
  private output = '';
  readonly port: number;
  readonly dataDir: string;
  readonly token: string;
  private readonly ownsDataDir: boolean;

  private constructor(private readonly options: Required<Pick<ServerOptions, 'port' | 'token'>> & ServerOptions) {
    this.port = options.port;
    this.token = options.token;
    this.ownsDataDir = options.dataDir === undefined;
    this.dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tether-e2e-'));
  }

  static async start(options: ServerOptions = {}): Promise<TetherServer> {
    if (!existsSync(tetherBinary)) throw new Error(`${tetherBinary} not found: build the server first (make build), or set TETHER_BUILD_DIR`);
    if (!existsSync(join(webRoot, 'index.html'))) throw new Error(`${webRoot}/index.html not found: run npm run build in web/`);
    const server = new TetherServer({ ...options, port: options.port ?? (await freePort()), token: options.token ?? `e2e-${randomBytes(16).toString("hex")}` });
    await server.launch();
    return server;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The link `tether serve` prints; opening it sets the cookie. Optionally via another port (a proxy). */
  loginUrl(port = this.port): string {
    return `http://127.0.0.1:${port}/?token=${encodeURIComponent(this.token)}`;
  }

  get log(): string {
    return this.output;
  }

  async launch(): Promise<void> {
    const args = [
      'serve',
      '--port', String(this.port),
      '--data-dir', this.dataDir,
      '--token', this.token,
      '--echo-delay-ms', String(this.options.echoDelayMs ?? 20),
      '--web-root', webRoot,
      ...(this.options.backendArgs ?? ['--backend', 'echo']),
    ];
    for (const origin of this.options.allowedOrigins ?? []) args.push('--allowed-origin', origin);
    const child = spawn(tetherBinary, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...this.options.env },
      cwd: this.options.cwd,
    });
    this.process = child;
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(() => { fail(new Error(`tether serve did not start in 15 s:\n${this.output}`)); }, 15_000);
      const onData = (chunk: Buffer) => {
        this.output += chunk.toString();
        if (/Tether is running at http:\/\/\S+\/\?token=/.test(this.output)) {
          clearTimeout(timer);
          ready();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        fail(new Error(`tether serve exited (${code ?? signal ?? 'unknown'}) before it was ready:\n${this.output}`));
      });
    });
  }

  /** SIGKILL: no chance to finish anything (the next start must repair the history). */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  async dispose(): Promise<void> {
    await this.stop();
    if (this.ownsDataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.process;
    this.process = null;
    if (!child) return;
    if (child.exitCode !== null || child.signalCode !== null) return; // already gone
    const exited = new Promise<void>((done) => child.once('exit', () => { done(); }));
    child.kill(signal);
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(force);
  }
}
