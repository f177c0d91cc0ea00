// The one-line gist of a Claude Code tool call, the way its users read them: the Bash
// command, the file path, the search pattern. Unknown tools show their input briefly.
import type { JsonObject, JsonValue } from '../types/websocket';

function text(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function toolGist(name: string, input: JsonObject): string {
  const byName: Record<string, (string | undefined)[]> = {
    Bash: [text(input.command)],
    Read: [text(input.file_path)],
    Write: [text(input.file_path)],
    Edit: [text(input.file_path)],
    MultiEdit: [text(input.file_path)],
    NotebookEdit: [text(input.notebook_path)],
    Grep: [text(input.pattern), text(input.path)],
    Glob: [text(input.pattern), text(input.path)],
    WebFetch: [text(input.url)],
    WebSearch: [text(input.query)],
    Task: [text(input.description)],
    Agent: [text(input.description)],
    TodoWrite: ['update the to-do list'],
  };
  const parts = (byName[name] ?? []).filter((p): p is string => p !== undefined);
  if (parts.length > 0) return parts.join(' in ');
  const json = JSON.stringify(input);
  return json === '{}' ? '' : json.length > 120 ? `${json.slice(0, 117)}...` : json;
}

/** Tool output as text: a string as is, content blocks by their text, anything else as JSON. */
export function toolOutputText(content: JsonValue): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((block) => (block && typeof block === 'object' && !Array.isArray(block) && typeof block.text === 'string' ? block.text : JSON.stringify(block)))
      .join('\n');
  }
  return JSON.stringify(content, null, 2);
}
