// The one control that unfolds long output or a long diff: it names what it shows
// ("Show all 120 lines") and says whether it is open (aria-expanded).
import { SHOWN_LINES } from '../lib/fold';

export function FoldButton({ expanded, total, controls, onToggle }: { expanded: boolean; total: number; controls: string; onToggle: () => void }) {
  return (
    <button
      type="button"
      aria-expanded={expanded}
      aria-controls={controls}
      onClick={onToggle}
      className="mt-1 rounded px-1.5 py-0.5 text-xs font-medium text-blue-700 hover:bg-blue-50 hover:underline dark:text-blue-400 dark:hover:bg-blue-950/60"
    >
      {expanded ? `Show the first ${SHOWN_LINES} lines` : `Show all ${total} lines`}
    </button>
  );
}
