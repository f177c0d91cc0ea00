// What a file tool call changes. Once its result carries the CLI's patch of the file
// (Edit, MultiEdit, a Write that replaced a file), that patch, with the file's own line
// numbers. Until then, or without one, drawn from its input: Edit and each edit of a
// MultiEdit as a diff of old_string and new_string, Write as a new file (every line
// added); a patch too large for the server to send is said so above it. Also for a tool
// whose input is still being written (`following`): then the part written so far, its
// end in view. Other tools show nothing here (their gist says it).
import type { ToolResult } from '../lib/store/timeline';
import type { JsonObject, JsonValue } from '../types/websocket';
import { DiffView, PatchView } from './DiffView';

function str(input: JsonObject, key: string): string {
  const value = input[key];
  return typeof value === 'string' ? value : '';
}

const isObject = (value: JsonValue | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function FromInput({ name, input, following }: { name: string; input: JsonObject; following: boolean }) {
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

export function ToolInput({ name, input, result, following = false }: { name: string; input: JsonObject; result?: ToolResult; following?: boolean }) {
  if (result?.patch && !result.isError) return <PatchView hunks={result.patch} />;
  const fromInput = <FromInput name={name} input={input} following={following} />;
  if (!result?.patchTruncated) return fromInput;
  return (
    <div className="space-y-1">
      <p className="text-xs text-amber-700 dark:text-amber-400" data-testid="patch-truncated">
        This change is too large for the file&apos;s line numbers: lines are numbered from the start of the edit.
      </p>
      {fromInput}
    </div>
  );
}
