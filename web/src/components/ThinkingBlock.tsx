// Claude's thinking, collapsed by default: there when wanted, out of the way otherwise.
// While it streams, its summary pulses and shows the latest words, so the thinking is
// seen to go on without opening it.
import { memo } from 'react';
import type { ThinkingItem } from '../lib/store/timeline';

const TAIL_CHARS = 80;

/** The end of the text so far, on one line. */
function tail(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > TAIL_CHARS ? `…${flat.slice(-TAIL_CHARS)}` : flat;
}

export const ThinkingBlock = memo(function ThinkingBlock({ item }: { item: ThinkingItem }) {
  const live = !item.complete;
  return (
    <details className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="thinking" data-live={live ? 'true' : 'false'}>
      <summary className="cursor-pointer select-none">
        {live ? (
          <span className="inline-flex max-w-[calc(100%-1.5rem)] items-center gap-1.5 align-middle">
            <span className="h-2 w-2 shrink-0 rounded-full bg-violet-500 motion-safe:animate-pulse" aria-hidden="true" />
            <span className="shrink-0">Thinking…</span>
            <span className="truncate italic opacity-80">{tail(item.text)}</span>
          </span>
        ) : (
          'Thinking'
        )}
      </summary>
      <p className="mt-1 border-l-2 border-zinc-200 pl-3 whitespace-pre-wrap dark:border-zinc-700">{item.text}</p>
    </details>
  );
});
