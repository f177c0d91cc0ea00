// Copies text to the clipboard and says, on the button, whether it worked: "Copied", or
// "Copy failed" (lib/clipboard.ts falls back for plain-http LAN pages, and a browser may
// still refuse). Failed, the text shows selected under the button, to copy by hand.
import { useEffect, useState } from 'react';
import { copyText } from '../lib/clipboard';

type Outcome = 'idle' | 'copied' | 'failed';

export function CopyButton({ text, label = 'Copy', title }: { text: string; label?: string; title?: string }) {
  const [outcome, setOutcome] = useState<Outcome>('idle');
  useEffect(() => {
    if (outcome !== 'copied') return;
    const timer = setTimeout(() => { setOutcome('idle'); }, 2000);
    return () => { clearTimeout(timer); };
  }, [outcome]);
  const tone =
    outcome === 'copied'
      ? 'border-green-600 text-green-700 dark:border-green-500 dark:text-green-400'
      : outcome === 'failed'
        ? 'border-red-500 text-red-700 dark:text-red-400'
        : 'border-zinc-300 text-zinc-600 dark:border-zinc-600 dark:text-zinc-300';
  return (
    <span className="relative inline-flex">
      <button
        type="button"
        title={title}
        onClick={() => void copyText(text).then((ok) => { setOutcome(ok ? 'copied' : 'failed'); })}
        className={`rounded border bg-white/80 px-1.5 py-0.5 text-xs hover:bg-zinc-100 dark:bg-zinc-900/80 dark:hover:bg-zinc-800 ${tone}`}
      >
        <span aria-live="polite">{outcome === 'copied' ? '✓ Copied' : outcome === 'failed' ? 'Copy failed' : label}</span>
      </button>
      {outcome === 'failed' && (
        <span className="absolute top-full right-0 z-10 mt-1 w-72 max-w-[80vw] rounded-md border border-zinc-300 bg-white p-2 text-xs shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
          <span className="mb-1 block text-zinc-600 dark:text-zinc-300">The browser refused to copy. Copy it from here:</span>
          <input
            readOnly
            // eslint-disable-next-line jsx-a11y/no-autofocus -- after the user's Copy failed, focus goes to the text selected for copying by hand
            autoFocus
            value={text}
            aria-label="Text to copy"
            onFocus={(e) => { e.currentTarget.select(); }}
            onBlur={() => { setOutcome('idle'); }}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setOutcome('idle');
            }}
            className="w-full rounded border border-zinc-300 bg-zinc-50 px-1.5 py-0.5 font-mono dark:border-zinc-700 dark:bg-zinc-950"
          />
        </span>
      )}
    </span>
  );
}
