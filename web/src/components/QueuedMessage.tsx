// A message held in this page, not sent yet (typed offline, or behind one of ours still
// on its way): it says when it will go, and can be edited or cancelled until then (lib/store/outbox-actions.ts).
import { useState } from 'react';
import { useClaudeStore } from '../lib/store/claude-store';
import { cancelQueued, editQueued, saveQueued } from '../lib/store/outbox-actions';
import type { UserItem } from '../lib/store/timeline';

const link = 'rounded px-1 font-medium text-blue-700 underline-offset-2 hover:underline dark:text-blue-300';

/** When a held message goes, and "Edit" and "Cancel", after its "queued" mark. */
export function QueuedMessageActions({ item }: { item: UserItem }) {
  const sessionId = useClaudeStore((s) => s.currentSessionId);
  const offline = useClaudeStore((s) => s.connection.state !== 'connected');
  if (!sessionId) return null;
  return (
    <>
      <span>({offline ? 'goes when the connection is back' : 'goes after the one before it'})</span>
      <button type="button" className={link} aria-label="Edit queued message" onClick={() => { editQueued(item.id); }}>
        Edit
      </button>
      <button type="button" className={link} aria-label="Cancel queued message" onClick={() => cancelQueued(sessionId, item.id)}>
        Cancel
      </button>
    </>
  );
}

/** The held message's text in an editor; it does not go while this is open. */
export function QueuedMessageEditor({ item }: { item: UserItem }) {
  const sessionId = useClaudeStore((s) => s.currentSessionId);
  const [text, setText] = useState(item.text);
  const save = () => {
    if (sessionId) saveQueued(sessionId, item.id, text);
  };
  return (
    <form
      className="flex w-full max-w-[85%] flex-col items-end gap-1"
      aria-label="Edit queued message"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <textarea
        // eslint-disable-next-line jsx-a11y/no-autofocus -- the message the user just chose to edit takes focus; nothing moves on page load
        autoFocus
        value={text}
        onChange={(e) => { setText(e.target.value); }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') editQueued(null);
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            save();
          }
        }}
        rows={Math.min(8, Math.max(2, text.split('\n').length))}
        aria-label="Queued message"
        className="w-full resize-none rounded-xl border border-blue-400 bg-white px-3 py-2 focus:border-blue-500 focus:outline-none dark:border-blue-700 dark:bg-zinc-900"
      />
      <span className="flex gap-2 text-sm">
        <button type="button" onClick={() => { editQueued(null); }} className="rounded-lg border border-zinc-300 px-2.5 py-0.5 dark:border-zinc-700">
          Keep as it was
        </button>
        <button type="submit" disabled={text.trim().length === 0} className="rounded-lg bg-blue-600 px-2.5 py-0.5 font-medium text-white disabled:opacity-40">
          Save
        </button>
      </span>
    </form>
  );
}
