// The word a tool card shows for where its call is: its input being written, running,
// done or failed, and for Bash the exit status (lib/bash-result.ts).
import type { JsonValue } from '../types/websocket';
import { bashOutcome } from './bash-result';
import { toolOutputText } from './tool-gist';

export type ToolTone = 'working' | 'done' | 'failed';

export interface ToolStatus {
  label: string;
  tone: ToolTone;
}

export interface ToolCall {
  name: string;
  result?: { content: JsonValue; isError: boolean };
  inputText?: string;
}

export function toolStatus(call: ToolCall): ToolStatus {
  if (call.inputText !== undefined) return { label: 'writing input…', tone: 'working' };
  if (!call.result) return { label: 'running…', tone: 'working' };
  const tone = call.result.isError ? 'failed' : 'done';
  if (call.name === 'Bash') {
    const { exitCode } = bashOutcome(toolOutputText(call.result.content), call.result.isError);
    if (exitCode !== null) return { label: `${tone} · exit ${exitCode}`, tone: exitCode === 0 ? 'done' : 'failed' };
  }
  return { label: tone, tone };
}
