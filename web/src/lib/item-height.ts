// A first guess at how tall a timeline item renders, before it is measured: the closer
// the guess, the less the scrollbar jumps when items above the viewport are measured.
// Only a guess; the virtualized list measures every item it renders.
import type { TimelineItem } from './store/timeline';

const LINE = 24; // px per line of body text
const CHARS_PER_LINE = 80; // in the 48rem column

function lines(text: string, perLine: number): number {
  let count = 0;
  for (const line of text.split('\n')) count += Math.max(1, Math.ceil(line.length / perLine));
  return count;
}

// Items are immutable and the list asks again for every item whenever its measurements
// are recomputed (thousands of them in a long session): each guess is made once.
const guessed = new WeakMap<TimelineItem, number>();

export function estimateItemHeight(item: TimelineItem): number {
  let height = guessed.get(item);
  if (height === undefined) {
    height = guess(item);
    guessed.set(item, height);
  }
  return height;
}

function guess(item: TimelineItem): number {
  switch (item.kind) {
    case 'user':
      return 20 + LINE * lines(item.text, CHARS_PER_LINE * 0.8) + (item.images?.length ? 96 : 0) + (item.delivery ? 20 : 0);
    case 'assistant':
      return LINE * lines(item.text, CHARS_PER_LINE) + (item.stopReason && item.stopReason !== 'end_turn' ? 24 : 0);
    case 'thinking':
      return 24;
    case 'tool':
      return 64;
    case 'permission':
      return item.resolved ? 48 : 220;
  }
}
