// A file's text with line numbers and syntax highlighting. The numbers are drawn by CSS
// (each line's ::before from its data-line), so copying the text never copies them. The
// plain text shows at once; highlight.js colours it just after in a Web Worker (lib/
// highlight.ts), only below 200 kB. Past 2,000 lines only the
// lines in view are in the page (@tanstack/react-virtual), so a long file scrolls smoothly.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { HIGHLIGHT_LIMIT, VIRTUALIZE_AT, languageFor, plainLines, type Piece } from '../lib/code-lines';
import { highlightLines } from '../lib/highlight';

const LINE_HEIGHT = 20;
const lineClass =
  'min-h-5 w-max min-w-full pr-3 whitespace-pre before:inline-block before:w-[calc(var(--digits)*1ch+1.25rem)] before:pr-3 before:text-right before:text-zinc-400 before:content-[attr(data-line)] before:select-none dark:before:text-zinc-500';

function Line({ pieces, n, style }: { pieces: readonly Piece[]; n: number; style?: CSSProperties }) {
  return (
    <div className={lineClass} data-line={n} style={style}>
      {pieces.map((piece, i) =>
        piece.className ? (
          <span key={i} className={piece.className}>
            {piece.text}
          </span>
        ) : (
          piece.text
        ),
      )}
    </div>
  );
}

/** The lines, highlighted once highlight.js has had its turn (plain until then, or for good). */
function useLines(path: string, text: string): { lines: Piece[][]; highlighted: boolean } {
  const plain = useMemo(() => plainLines(text), [text]);
  const [coloured, setColoured] = useState<{ text: string; lines: Piece[][] } | null>(null);
  useEffect(() => {
    const language = languageFor(path);
    if (language === null || text.length >= HIGHLIGHT_LIMIT) return;
    let live = true;
    void highlightLines(text, language).then((lines) => {
      if (live && lines) setColoured({ text, lines });
    });
    return () => {
      live = false;
    };
  }, [path, text]);
  return coloured?.text === text ? { lines: coloured.lines, highlighted: true } : { lines: plain, highlighted: false };
}

function Virtual({ lines, scroller }: { lines: Piece[][]; scroller: React.RefObject<HTMLDivElement | null> }) {
  // eslint-disable-next-line react-hooks/incompatible-library -- about the React Compiler, which this build does not use
  const virtualizer = useVirtualizer({ count: lines.length, getScrollElement: () => scroller.current, estimateSize: () => LINE_HEIGHT, overscan: 30 });
  return (
    <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
      {virtualizer.getVirtualItems().map((row) => (
        <Line key={row.index} pieces={lines[row.index] ?? []} n={row.index + 1} style={{ position: 'absolute', top: 0, left: 0, transform: `translateY(${row.start}px)` }} />
      ))}
    </div>
  );
}

export function CodeView({ path, text }: { path: string; text: string }) {
  const { lines, highlighted } = useLines(path, text);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = lines.length > VIRTUALIZE_AT;
  return (
    <div
      ref={scroller}
      // A scroller: Chromium lets the keyboard focus and scroll it by itself.
      role="region"
      aria-label={`Contents of ${path}`}
      className="min-h-0 flex-1 overflow-auto py-1 font-mono text-xs leading-5 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-inset"
      style={{ '--digits': String(Math.max(2, String(lines.length).length)) } as CSSProperties}
      data-testid="code-view"
      data-highlighted={highlighted}
      data-lines={lines.length}
      data-virtual={virtual}
    >
      <code className="block">
        {virtual ? <Virtual lines={lines} scroller={scroller} /> : lines.map((pieces, i) => <Line key={i} pieces={pieces} n={i + 1} />)}
      </code>
    </div>
  );
}
