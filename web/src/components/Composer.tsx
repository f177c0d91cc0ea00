// Where the user writes. Enter sends, Shift+Enter makes a new line; while a reply runs,
// a Stop button sends chat_cancel. Sending works while disconnected: the message is
// queued and goes out after the reconnect.
import { useState } from 'react';

interface Props {
  running: boolean;
  onSend: (text: string) => void;
  onStop: () => void;
}

export function Composer({ running, onSend, onStop }: Props) {
  const [text, setText] = useState('');
  const send = () => {
    if (text.trim().length === 0) return;
    onSend(text);
    setText('');
  };
  return (
    <form
      className="border-t border-zinc-200 bg-white/90 px-3 py-3 dark:border-zinc-800 dark:bg-zinc-950/90"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <div className="mx-auto flex max-w-3xl items-end gap-2">
        <textarea
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            // Not while an input method is composing (Enter confirms the composition there).
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              send();
            }
          }}
          rows={Math.min(8, Math.max(1, text.split('\n').length))}
          placeholder="Message Claude…"
          title="Enter sends; Shift+Enter makes a new line"
          aria-label="Message"
          className="min-h-10 flex-1 resize-none rounded-xl border border-zinc-300 bg-white px-3 py-2 focus:border-blue-500 focus:outline-none dark:border-zinc-700 dark:bg-zinc-900"
        />
        {running && (
          <button type="button" onClick={onStop} className="h-10 rounded-xl border border-zinc-300 px-3 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
            Stop
          </button>
        )}
        <button type="submit" disabled={text.trim().length === 0} className="h-10 rounded-xl bg-blue-600 px-4 text-sm font-medium text-white hover:bg-blue-700 disabled:opacity-40">
          Send
        </button>
      </div>
    </form>
  );
}
