// "Copy diagnostics": copies the plain-text report (made at the click, never with the
// token) and says so where the button is. When the browser refuses the copy, the report
// is shown selected in a box, to copy by hand.
import { useEffect, useRef, useState } from 'react';
import { copyText } from '../lib/clipboard';
import { diagnosticsText } from '../lib/store/diagnostics-actions';

type Outcome = { kind: 'idle' } | { kind: 'copied' } | { kind: 'failed'; report: string };

export function CopyDiagnostics() {
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const box = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (outcome.kind !== 'copied') return;
    const timer = setTimeout(() => { setOutcome({ kind: 'idle' }); }, 3000);
    return () => { clearTimeout(timer); };
  }, [outcome]);
  useEffect(() => {
    if (outcome.kind === 'failed') box.current?.select();
  }, [outcome]);

  const copy = async () => {
    const report = diagnosticsText();
    setOutcome((await copyText(report)) ? { kind: 'copied' } : { kind: 'failed', report });
  };

  return (
    <div className="min-w-0 flex-1">
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" onClick={() => void copy()} className="rounded-md bg-blue-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-500">
          Copy diagnostics
        </button>
        <span role="status" className={`text-sm ${outcome.kind === 'failed' ? 'text-red-700 dark:text-red-400' : 'text-green-700 dark:text-green-400'}`}>
          {outcome.kind === 'copied' ? 'Copied: paste it where you ask for help.' : outcome.kind === 'failed' ? 'Copy failed: select the report below and copy it.' : ''}
        </span>
      </div>
      {outcome.kind === 'failed' && (
        <textarea
          ref={box}
          readOnly
          aria-label="Diagnostics report"
          value={outcome.report}
          className="mt-2 h-40 w-full rounded-md border border-zinc-300 bg-zinc-50 p-2 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950"
        />
      )}
    </div>
  );
}
