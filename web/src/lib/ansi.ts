// Terminal output with ANSI colours (a Bash tool's result) as styled pieces of text.
// anser reads the escape sequences; the pieces keep the text as text, so the component
// puts it in the page as text nodes, never as HTML: output can never inject markup.
// The 16 standard colours map to classes with a light and a dark shade (terminal
// palettes assume a dark background; these stay readable on both); 256-colour and
// true-colour codes become an exact colour.
import Anser from 'anser';

export interface AnsiSegment {
  text: string;
  /** Tailwind classes for the standard colours and the decorations. */
  className: string;
  /** An exact CSS colour (256-colour and true-colour codes). */
  color?: string;
  background?: string;
}

const names = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'] as const;
type Name = (typeof names)[number];

// Written out in full so that Tailwind finds every class in the source.
const foreground: Record<Name, string> = {
  black: 'text-zinc-900 dark:text-zinc-400',
  red: 'text-red-700 dark:text-red-400',
  green: 'text-green-700 dark:text-green-400',
  yellow: 'text-amber-700 dark:text-yellow-300',
  blue: 'text-blue-700 dark:text-blue-400',
  magenta: 'text-fuchsia-700 dark:text-fuchsia-400',
  cyan: 'text-cyan-700 dark:text-cyan-400',
  white: 'text-zinc-500 dark:text-zinc-200',
};
const brightForeground: Record<Name, string> = {
  black: 'text-zinc-500 dark:text-zinc-500',
  red: 'text-red-600 dark:text-red-300',
  green: 'text-green-600 dark:text-green-300',
  yellow: 'text-amber-600 dark:text-yellow-200',
  blue: 'text-blue-600 dark:text-blue-300',
  magenta: 'text-fuchsia-600 dark:text-fuchsia-300',
  cyan: 'text-cyan-600 dark:text-cyan-300',
  white: 'text-zinc-400 dark:text-white',
};
const backgroundClass: Record<Name, string> = {
  black: 'bg-zinc-800 dark:bg-zinc-950',
  red: 'bg-red-200 dark:bg-red-900',
  green: 'bg-green-200 dark:bg-green-900',
  yellow: 'bg-amber-200 dark:bg-yellow-900',
  blue: 'bg-blue-200 dark:bg-blue-900',
  magenta: 'bg-fuchsia-200 dark:bg-fuchsia-900',
  cyan: 'bg-cyan-200 dark:bg-cyan-900',
  white: 'bg-zinc-200 dark:bg-zinc-300',
};
const decorations: Record<string, string> = {
  bold: 'font-bold',
  dim: 'opacity-70',
  italic: 'italic',
  underline: 'underline',
  strikethrough: 'line-through',
  hidden: 'invisible',
};

// xterm's 256 colours: 16 standard ones, a 6x6x6 cube, 24 greys.
const standardRgb = [
  [0, 0, 0], [205, 49, 49], [13, 188, 121], [229, 229, 16], [36, 114, 200], [188, 63, 188], [17, 168, 205], [229, 229, 229],
  [102, 102, 102], [241, 76, 76], [35, 209, 139], [245, 245, 67], [59, 142, 234], [214, 112, 214], [41, 184, 219], [255, 255, 255],
] as const;

function paletteColor(index: number): string {
  if (index < 16) {
    const [r, g, b] = standardRgb[index] ?? [0, 0, 0];
    return `rgb(${r}, ${g}, ${b})`;
  }
  if (index < 232) {
    const level = (n: number) => (n === 0 ? 0 : 55 + n * 40);
    const i = index - 16;
    return `rgb(${level(Math.floor(i / 36))}, ${level(Math.floor(i / 6) % 6)}, ${level(i % 6)})`;
  }
  const grey = 8 + (index - 232) * 10;
  return `rgb(${grey}, ${grey}, ${grey})`;
}

type Colour = { className: string } | { exact: string } | null;

function colour(code: string | null, truecolor: string | null, table: Record<Name, string>, bright: Record<Name, string>): Colour {
  if (!code) return null;
  if (code === 'ansi-truecolor') return truecolor ? { exact: `rgb(${truecolor})` } : null;
  const palette = /^ansi-palette-(\d+)$/.exec(code);
  if (palette) return { exact: paletteColor(Number(palette[1])) };
  const named = /^ansi-(bright-)?(\w+)$/.exec(code);
  const name = named?.[2] as Name | undefined;
  if (!name || !names.includes(name)) return null;
  return { className: named?.[1] ? bright[name] : table[name] };
}

// anser reads CSI sequences (colours, cursor moves); the other escapes a terminal program
// may print (hyperlinks and titles as OSC, character sets, keypad modes) are dropped here.
// eslint-disable-next-line no-control-regex -- matching escape characters is the point
const otherEscapes = /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[()*+][0-9A-Za-z]|\u001b[=>78DEHMNOZc]/g;

/** The text of terminal output in pieces of one style each; escape sequences that set no style are dropped. */
export function ansiSegments(text: string): AnsiSegment[] {
  // Fast path: most output has no escape sequences at all.
  if (!text.includes('\u001b')) return text.length === 0 ? [] : [{ text, className: '' }];
  const segments: AnsiSegment[] = [];
  for (const entry of Anser.ansiToJson(text.replace(otherEscapes, ''), { use_classes: true, remove_empty: true })) {
    if (entry.content.length === 0) continue;
    const classes: string[] = [];
    const segment: AnsiSegment = { text: entry.content, className: '' };
    const fg = colour(entry.fg, entry.fg_truecolor, foreground, brightForeground);
    const bg = colour(entry.bg, entry.bg_truecolor, backgroundClass, backgroundClass);
    // Black on a colour (reverse video, a highlight) stays black in the dark theme too.
    if (fg && 'className' in fg) classes.push(bg && entry.fg === 'ansi-black' ? 'text-zinc-950' : fg.className);
    if (fg && 'exact' in fg) segment.color = fg.exact;
    if (bg && 'className' in bg) classes.push(bg.className);
    if (bg && 'exact' in bg) segment.background = bg.exact;
    for (const decoration of entry.decorations) {
      const cls = decorations[decoration];
      if (cls) classes.push(cls);
    }
    segment.className = classes.join(' ');
    segments.push(segment);
  }
  return segments;
}

/** The text without its escape sequences (for copying, and for counting lines). */
export function stripAnsi(text: string): string {
  return text.includes('\u001b') ? Anser.ansiToText(text.replace(otherEscapes, '')) : text;
}
