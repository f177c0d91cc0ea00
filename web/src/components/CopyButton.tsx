// Copies text to the clipboard and says for a moment whether it worked (on a plain-http
// LAN page the browser may refuse; lib/clipboard.ts falls back, and says when it failed).
import { useEffect, useState } from 'react';
import { copyText } from '../lib/clipboard';

type Outcome = 'idle' | 'copied' | 'failed';

export function CopyButton({ text, label = 'Copy', title }: { text: string; label?: string; title?: string }) {
  const [outcome, setOutcome] = useState<Outcome>('idle');
  useEffect(() => {
    if (outcome === 'idle') return;
    const timer = setTimeout(() => setOutcome('idle'), 2000);
    return () => clearTimeout(timer);
  }, [outcome]);
  return (
    <button
      type="button"
      title={title}
      onClick={() => void copyText(text).then((ok) => setOutcome(ok ? 'copied' : 'failed'))}
      className="rounded border border-zinc-300 bg-white/80 px-1.5 py-0.5 text-xs text-zinc-600 hover:bg-zinc-100 dark:border-zinc-600 dark:bg-zinc-900/80 dark:text-zinc-300 dark:hover:bg-zinc-800"
    >
      <span aria-live="polite">{outcome === 'copied' ? 'Copied' : outcome === 'failed' ? 'Copy failed' : label}</span>
    </button>
  );
}
