// A first guess at how tall a timeline item renders, before it is measured: the closer
// the guess, the less the scrollbar jumps when items above the viewport are measured.
// Only a guess; the virtualized list measures every item it renders.
import type { TimelineItem, ToolItem } from './store/timeline';

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

const CODE_LINE = 20; // px per line of output or diff
const FOLDED = 20; // lines shown of long output

// A card's header, its diff or output (folded), and a Task's folded subagent calls.
function toolHeight(item: ToolItem): number {
  let height = 44;
  const input = item.input;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const patch = item.result?.patch;
  // The CLI's patch: a header and the lines of each hunk.
  if (patch) height += 28 + CODE_LINE * Math.min(FOLDED, patch.reduce((rows, hunk) => rows + 1 + hunk.lines.length, 0));
  else if (item.name === 'Write') height += 28 + CODE_LINE * Math.min(FOLDED, lines(text(input.content), 1e9));
  else if (item.name === 'Edit') height += 28 + CODE_LINE * Math.min(FOLDED, lines(text(input.old_string), 1e9) + lines(text(input.new_string), 1e9));
  if (item.children) height += 32;
  if (item.result) {
    const output = typeof item.result.content === 'string' ? item.result.content : '';
    height += item.name === 'Bash' || item.result.isError ? 24 + CODE_LINE * Math.min(FOLDED, lines(output, CHARS_PER_LINE)) : 32;
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
      return toolHeight(item);
    case 'permission':
      return item.resolved ? 48 : 220;
  }
}
