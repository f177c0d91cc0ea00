// Output folded to its first lines (lib/fold.ts), in colour when it comes from a
// terminal. Only what is shown is parsed and put in the page.
import { useId, useMemo, useState } from 'react';
import { foldText } from '../lib/fold';
import { AnsiText } from './AnsiText';
import { FoldButton } from './FoldButton';

export function FoldedText({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const [expanded, setExpanded] = useState(false);
  const fold = useMemo(() => foldText(text), [text]);
  const id = useId();
  return (
    <div>
      <pre
        id={id}
        role="group"
        aria-label={label}
        className="overflow-x-auto rounded-md bg-zinc-100 px-2.5 py-2 font-mono text-xs leading-[1.125rem] whitespace-pre-wrap [overflow-wrap:anywhere] text-zinc-800 dark:bg-zinc-950 dark:text-zinc-200"
        data-testid={testId}
      >
        <AnsiText text={expanded ? text : fold.shown} />
      </pre>
      {fold.folded && <FoldButton expanded={expanded} total={fold.totalLines} controls={id} onToggle={() => { setExpanded((e) => !e); }} />}
    </div>
  );
}
