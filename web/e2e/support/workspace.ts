// A throwaway workspace for the projects tests: a root with project folders, and a
// Claude Code config dir holding one transcript written the way the CLI writes them
// (see docs/projects.md and the observed format: one JSON object per line, a parentUuid
// chain, a tool_use answered by a tool_result, a summary line for the title).
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Workspace {
  base: string;
  root: string;
  alpha: string;
  beta: string;
  configDir: string;
  transcriptId: string;
  transcript: { prompt: string; reply: string; command: string; final: string; title: string };
  dispose(): void;
}

/** Claude Code's folder name for a cwd: every character but letters and digits becomes `-`. */
export function encodeCwd(cwd: string): string {
  return cwd.replace(/[^A-Za-z0-9]/g, '-');
}

export function makeWorkspace(): Workspace {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'tether-projects-e2e-')));
  const root = join(base, 'code');
  const alpha = join(root, 'alpha-shop');
  const beta = join(root, 'beta-blog');
  for (const dir of [alpha, join(alpha, 'src'), beta, join(beta, 'posts'), join(beta, '.drafts')]) mkdirSync(dir, { recursive: true });
  const configDir = join(base, 'claude-config');
  const transcriptId = '5b0c6f4e-8d7a-4c1e-9f3b-2a1d0e9c8b7a';
  const transcript = {
    prompt: 'What is in the src folder of this shop?',
    reply: 'Let me look at the folder first.',
    command: 'ls -la src',
    final: 'The src folder is empty so far: no files yet.',
    title: 'Looking into the shop sources',
  };
  const at = (s: number) => new Date(Date.now() - 2.2 * 3600_000 + s * 1000).toISOString(); // about 2 h ago
  const common = { isSidechain: false, userType: 'external', cwd: alpha, sessionId: transcriptId, version: '2.1.197', gitBranch: 'main' };
  const uuid = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
  const usage = { input_tokens: 20, output_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  const lines = [
    { type: 'queue-operation', operation: 'enqueue', timestamp: at(0), sessionId: transcriptId, content: transcript.prompt },
    { type: 'queue-operation', operation: 'dequeue', timestamp: at(0), sessionId: transcriptId },
    { ...common, parentUuid: null, type: 'user', message: { role: 'user', content: transcript.prompt }, uuid: uuid(1), timestamp: at(1), permissionMode: 'default' },
    {
      ...common,
      parentUuid: uuid(1),
      type: 'assistant',
      message: { id: 'msg_01', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: transcript.reply }], stop_reason: null, stop_sequence: null, usage },
      requestId: 'req_01',
      uuid: uuid(2),
      timestamp: at(2),
    },
    {
      ...common,
      parentUuid: uuid(2),
      type: 'assistant',
      message: {
        id: 'msg_01',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [{ type: 'tool_use', id: 'toolu_01', name: 'Bash', input: { command: transcript.command, description: 'List the sources' } }],
        stop_reason: 'tool_use',
        stop_sequence: null,
        usage,
      },
      requestId: 'req_01',
      uuid: uuid(3),
      timestamp: at(3),
    },
    {
      ...common,
      parentUuid: uuid(3),
      type: 'user',
      message: { role: 'user', content: [{ tool_use_id: 'toolu_01', type: 'tool_result', content: 'total 0\ndrwxr-xr-x 2 ada ada 40 .\ndrwxr-xr-x 3 ada ada 60 ..', is_error: false }] },
      uuid: uuid(4),
      timestamp: at(4),
      toolUseResult: { stdout: 'total 0', stderr: '', interrupted: false, isImage: false },
    },
    {
      ...common,
      parentUuid: uuid(4),
      type: 'assistant',
      message: { id: 'msg_02', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: transcript.final }], stop_reason: 'end_turn', stop_sequence: null, usage },
      requestId: 'req_02',
      uuid: uuid(5),
      timestamp: at(5),
    },
    { type: 'last-prompt', lastPrompt: transcript.prompt, leafUuid: uuid(5), sessionId: transcriptId },
    { type: 'summary', summary: transcript.title, leafUuid: uuid(5) },
  ];
  const folder = join(configDir, 'projects', encodeCwd(alpha));
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, `${transcriptId}.jsonl`), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return { base, root, alpha, beta, configDir, transcriptId, transcript, dispose: () => { rmSync(base, { recursive: true, force: true }); } };
}
