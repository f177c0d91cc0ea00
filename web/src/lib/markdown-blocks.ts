// Cuts Markdown into top-level blocks that render the same one by one as all together,
// so a streaming reply re-parses only its last, growing block per frame and the blocks
// before it keep their rendered form. A cut is made only at a blank line outside code
// fences, before a line that starts a new block on its own: not an indented line (a
// list item's continuation, indented code), not the next item of a list. Text with link
// reference definitions or footnotes (which reach across blocks) stays one block.
// The blocks concatenate to exactly the text.

const BLANK = /^[ \t]*$/;
const FENCE_OPEN = /^[ \t]*(`{3,}|~{3,})(.*)$/;
const LIST_ITEM = /^ {0,3}([-*+]|\d{1,9}[.)])([ \t]|$)/;
const INDENTED = /^[ \t]/;
const DEFINITION = /^ {0,3}\[[^\]\n]+\]:/m;

interface Fence {
  marker: string; // '`' or '~'
  length: number;
}

function opens(line: string): Fence | null {
  const match = FENCE_OPEN.exec(line);
  if (!match) return null;
  const run = match[1] ?? '';
  const marker = run[0] ?? '`';
  // A backtick fence's info string holds no backtick (```a``` is inline code).
  if (marker === '`' && (match[2] ?? '').includes('`')) return null;
  return { marker, length: run.length };
}

function closes(line: string, fence: Fence): boolean {
  const trimmed = line.trim();
  return trimmed.length >= fence.length && trimmed === fence.marker.repeat(trimmed.length);
}

export function splitBlocks(text: string): string[] {
  if (DEFINITION.test(text)) return [text];
  const blocks: string[] = [];
  let blockStart = 0;
  let fence: Fence | null = null;
  let afterBlank = false;
  let blockHasList = false;
  let blockHasText = false;
  let at = 0;
  while (at < text.length) {
    const end = text.indexOf('\n', at);
    const next = end < 0 ? text.length : end + 1;
    const line = text.slice(at, end < 0 ? text.length : end);
    if (fence) {
      if (closes(line, fence)) fence = null;
    } else if (BLANK.test(line)) {
      afterBlank = true;
    } else {
      const item = LIST_ITEM.test(line);
      if (afterBlank && blockHasText && !INDENTED.test(line) && !(item && blockHasList)) {
        blocks.push(text.slice(blockStart, at));
        blockStart = at;
        blockHasList = false;
      }
      afterBlank = false;
      blockHasText = true;
      if (item) blockHasList = true;
      fence = opens(line);
    }
    at = next;
  }
  if (blockStart < text.length || blocks.length === 0) blocks.push(text.slice(blockStart));
  return blocks;
}

// Letters, digits, spaces and the punctuation of plain prose that Markdown (with GFM)
// gives no meaning to here: no *_`~[]<>&|\#=+-:@/ and so no emphasis, code, links,
// autolinks, HTML, tables or headings.
const PLAIN_LINE = /^[\p{L}\p{N}][\p{L}\p{N} ,.;?!'"’]*$/u;
const ORDERED_ITEM = /^\p{N}+\./u;

/**
 * True when the block is one paragraph of plain prose, which Markdown renders as a `<p>`
 * holding exactly its text (without the line ends after it): such a block needs no parse.
 */
export function isPlainParagraph(block: string): boolean {
  const body = block.replace(/\n+$/, '');
  if (body.length === 0 || /www\./i.test(body)) return false;
  for (const line of body.split('\n')) if (!PLAIN_LINE.test(line) || line.endsWith(' ') || ORDERED_ITEM.test(line)) return false;
  return true;
}

/** The text of a plain paragraph, as Markdown puts it in the `<p>`. */
export function plainParagraphText(block: string): string {
  return block.replace(/\n+$/, '');
}
