// Long output folded to its first lines, so that a turn can be read at a glance and a
// big result costs the page only what is shown. Past FOLD_AT lines the first SHOWN are
// kept (folding 21 lines to 20 would hide one line behind a click); a few very long
// lines are cut by characters too.

export const SHOWN_LINES = 20;
const FOLD_AT = 25;
const SHOWN_CHARS = 6_000;

export interface Fold {
  /** The text to show while folded: all of it when nothing is hidden. */
  shown: string;
  /** Lines of the whole text (a final line break ends the last line, it starts none). */
  totalLines: number;
  /** True when `shown` is less than the whole text. */
  folded: boolean;
}

/** The number of lines of a text, without splitting it. */
export function countLines(text: string): number {
  if (text.length === 0) return 0;
  let count = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  return text.endsWith('\n') ? count - 1 : count;
}

export function foldText(text: string, shownLines = SHOWN_LINES, foldAt = FOLD_AT): Fold {
  const totalLines = countLines(text);
  let end = text.length;
  if (totalLines > foldAt) {
    end = -1;
    for (let line = 0; line < shownLines; line++) end = text.indexOf('\n', end + 1);
  }
  if (end > SHOWN_CHARS && text.length > SHOWN_CHARS * 1.25) end = cutBefore(text, SHOWN_CHARS);
  return end >= text.length ? { shown: text, totalLines, folded: false } : { shown: text.slice(0, end), totalLines, folded: true };
}

/** How many of a list's items to show while folded (the same rule, for diff rows). */
export function foldCount(total: number, shown = SHOWN_LINES, foldAt = FOLD_AT): number {
  return total > foldAt ? shown : total;
}

// A cut by characters must not split an escape sequence (its rest would show as text).
function cutBefore(text: string, at: number): number {
  const escape = text.lastIndexOf('\u001b', at - 1);
  if (escape >= 0 && at - escape < 32 && !/[A-Za-z\\]/.test(text.slice(escape + 2, at))) return escape;
  return at;
}
