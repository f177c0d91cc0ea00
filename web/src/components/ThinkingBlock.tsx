// Claude's thinking, collapsed by default: there when wanted, out of the way otherwise.
import { memo } from 'react';
import type { ThinkingItem } from '../lib/store/timeline';

export const ThinkingBlock = memo(function ThinkingBlock({ item }: { item: ThinkingItem }) {
  return (
    <details className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="thinking">
      <summary className="cursor-pointer select-none">Thinking</summary>
      <p className="mt-1 border-l-2 border-zinc-200 pl-3 whitespace-pre-wrap dark:border-zinc-700">{item.text}</p>
    </details>
  );
});
