// What a file tool call changes, drawn from its input: Edit and each edit of a MultiEdit
// as a diff of old_string and new_string, Write as a new file (every line added). Also
// for a tool whose input is still being written (`following`): then the part written
// so far, its end in view. Other tools show nothing here (their gist says it).
import type { JsonObject, JsonValue } from '../types/websocket';
import { DiffView } from './DiffView';

function str(input: JsonObject, key: string): string {
  const value = input[key];
  return typeof value === 'string' ? value : '';
}

const isObject = (value: JsonValue | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

export function ToolInput({ name, input, following = false }: { name: string; input: JsonObject; following?: boolean }) {
  if (name === 'Edit' && ('old_string' in input || 'new_string' in input))
    return <DiffView before={str(input, 'old_string')} after={str(input, 'new_string')} following={following} />;
  if (name === 'Write' && 'content' in input) return <DiffView before="" after={str(input, 'content')} following={following} />;
  if (name === 'MultiEdit' && Array.isArray(input.edits)) {
    return (
      <div className="space-y-1.5">
        {input.edits.filter(isObject).map((edit, i) => (
          <DiffView key={i} before={str(edit, 'old_string')} after={str(edit, 'new_string')} following={following} />
        ))}
      </div>
    );
  }
  return null;
}
