// Terminal output in colour: the pieces of lib/ansi.ts as spans of text. Text nodes
// only, so output that looks like HTML stays text.
import { useMemo } from 'react';
import { ansiSegments } from '../lib/ansi';

export function AnsiText({ text }: { text: string }) {
  const segments = useMemo(() => ansiSegments(text), [text]);
  return segments.map((segment, i) =>
    segment.className === '' && segment.color === undefined && segment.background === undefined ? (
      segment.text
    ) : (
      <span key={i} className={segment.className} style={{ color: segment.color, backgroundColor: segment.background }}>
        {segment.text}
      </span>
    ),
  );
}
