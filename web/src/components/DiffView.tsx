// An Edit or Write tool call as a line diff: removed lines red, added lines green.
// The prefix (+/-) is text as well, so the diff does not rely on colour alone.
import { useMemo } from 'react';
import { lineDiff } from '../lib/diff';

export function DiffView({ before, after }: { before: string; after: string }) {
  const lines = useMemo(() => lineDiff(before, after), [before, after]);
  return (
    <pre className="max-h-96 overflow-auto rounded-md bg-zinc-50 text-xs leading-5 dark:bg-zinc-900" data-testid="diff">
      {lines.map((line, i) => (
        <div
          key={i}
          className={
            line.op === '+'
              ? 'bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-200'
              : line.op === '-'
                ? 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200'
                : 'text-zinc-600 dark:text-zinc-400'
          }
        >
          <span className="inline-block w-5 pl-1 select-none">{line.op}</span>
          {line.text}
        </div>
      ))}
    </pre>
  );
}
