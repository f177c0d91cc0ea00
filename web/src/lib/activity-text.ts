// The activity line in words: what the running turn does now and for how long, from
// what turn-activity.ts folded. One answer at a time, the one the user most needs:
// a prompt waiting for them, a turn waiting for a Claude Code slot, an API retry, a
// tool at work, thinking, a tool call being written, the reply being written, the
// model at work between those, and before anything came back, the start.
import { Backend } from '../types/websocket';
import type { TurnActivity } from './turn-activity';

export type ActivityKind = 'permission' | 'slot' | 'retry' | 'tool' | 'thinking' | 'tool-input' | 'writing' | 'working' | 'starting';

export interface ActivityLine {
  kind: ActivityKind;
  /** "Running `npm test`…" */
  text: string;
  /** How long it has gone on, for the counter after the text (absent: no counter). */
  seconds?: number;
}

const GIST_CHARS = 60;

function shorten(gist: string): string {
  const line = gist.split('\n')[0] ?? '';
  return line.length > GIST_CHARS || line !== gist ? `${line.slice(0, GIST_CHARS - 1)}…` : line;
}

/** "Running `npm test`", "Editing `src/app.ts`": what a tool call does, by its gist. */
export function toolDoing(name: string, gist: string): string {
  const code = gist ? ` \`${shorten(gist)}\`` : '';
  switch (name) {
    case 'Bash':
      return `Running${code || ' a command'}`;
    case 'Read':
      return `Reading${code}`;
    case 'Write':
      return `Writing${code}`;
    case 'Edit':
    case 'MultiEdit':
    case 'NotebookEdit':
      return `Editing${code}`;
    case 'Grep':
    case 'Glob':
      return `Searching${code}`;
    case 'WebFetch':
      return `Fetching${code}`;
    case 'WebSearch':
      return `Searching the web for${code}`;
    case 'Task':
    case 'Agent':
      return gist ? `Running a subagent: ${shorten(gist)}` : 'Running a subagent';
    case 'TodoWrite':
      return 'Updating the to-do list';
    default:
      return `Using ${name}${code}`;
  }
}

function since(from: number, now: number): number {
  return Math.max(0, Math.floor((now - from) / 1000));
}

/** The line for a turn under way, or null when nothing runs. */
export function describeActivity(activity: TurnActivity, now: number, backend: string | null): ActivityLine | null {
  if (!activity.running && activity.unanswered.length === 0) return null;
  if (activity.prompts.length > 0) {
    const names = [...new Set(activity.prompts.map((prompt) => prompt.toolName))];
    if (names.length === 1 && names[0] === 'AskUserQuestion') return { kind: 'permission', text: 'Waiting for your answer' };
    return { kind: 'permission', text: `Waiting for your permission: ${names.join(', ')}` };
  }
  if (activity.process === 'waiting') return { kind: 'slot', text: 'Waiting for a free Claude Code slot' };
  if (activity.retry) {
    const { attempt, maxRetries, at } = activity.retry;
    const which = maxRetries === undefined ? `(attempt ${attempt})` : `${attempt}/${maxRetries}`;
    const left = Math.ceil((at - now) / 1000);
    return { kind: 'retry', text: left > 0 ? `Retrying the API ${which} in ${left} s` : `Retrying the API ${which}…` };
  }
  const tool = activity.tools.at(-1);
  if (tool) {
    const others = activity.tools.length - 1;
    return { kind: 'tool', text: `${toolDoing(tool.name, tool.gist)}…${others > 0 ? ` (+${others} more)` : ''}`, seconds: since(tool.since, now) };
  }
  const seconds = since(activity.since, now);
  switch (activity.phase) {
    case 'thinking':
      return { kind: 'thinking', text: 'Thinking…', seconds };
    case 'tool-input':
      return { kind: 'tool-input', text: `Preparing ${activity.writingTool ?? 'a tool call'}…`, seconds };
    case 'writing':
      return { kind: 'writing', text: 'Writing…' };
    case 'waiting':
      return { kind: 'working', text: 'Working…', seconds };
    case 'starting':
      return { kind: 'starting', text: backend === Backend.echo ? 'Waiting for the reply…' : 'Starting Claude Code…', seconds };
  }
}
