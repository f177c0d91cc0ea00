// A file's text as the viewer draws it: lines of styled pieces. highlight.js gives HTML
// (only `<span class="…">`, `</span>` and escaped text); it is read back here into
// pieces that React puts in the page as text, never as HTML, each line carrying the
// spans open across it (a comment over three lines is coloured on each). Which grammar
// a file gets comes from its name; none known: plain text.

export interface Piece {
  text: string;
  /** highlight.js classes ("hljs-string"), null for plain text. */
  className: string | null;
}

/** Highlighting runs only below this size; larger text is shown plain. */
export const HIGHLIGHT_LIMIT = 200_000;
/** Past this many lines the viewer draws only the lines in view. */
export const VIRTUALIZE_AT = 2_000;

// File names and extensions highlight.js's aliases do not cover (it knows ts, js, py, rs, rb, md, sh, yml, h, cc…).
const byName: Record<string, string> = { makefile: 'makefile', 'cmakelists.txt': 'cmake', dockerfile: 'dockerfile', '.gitignore': 'plaintext', '.bashrc': 'bash', '.zshrc': 'bash' };
const byExtension: Record<string, string> = {
  tsx: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  html: 'xml',
  htm: 'xml',
  svg: 'xml',
  vue: 'xml',
  hpp: 'cpp',
  hh: 'cpp',
  hxx: 'cpp',
  cxx: 'cpp',
  toml: 'ini',
  cfg: 'ini',
  conf: 'ini',
  txt: 'plaintext',
  log: 'plaintext',
  lock: 'plaintext',
  jsonc: 'json',
  json5: 'json',
  mk: 'makefile',
  zsh: 'bash',
  patch: 'diff',
};

/** The highlight.js language (or alias) to try for a file, or null for plain text. */
export function languageFor(path: string): string | null {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const named = byName[name];
  if (named !== undefined) return named === 'plaintext' ? null : named;
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return null;
  const extension = name.slice(dot + 1);
  const mapped = byExtension[extension];
  if (mapped !== undefined) return mapped === 'plaintext' ? null : mapped;
  return extension;
}

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#39;': "'" };
const decode = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#x27|#39);/g, (entity) => entities[entity] ?? entity);

/** The lines of a text; a final line break ends the last line and starts none (an empty text is one empty line). */
export function textLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 1 && text.endsWith('\n')) lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

export function plainLines(text: string): Piece[][] {
  return textLines(text).map((line) => (line ? [{ text: line, className: null }] : []));
}

/** highlight.js's HTML read back into lines of pieces. */
export function htmlToLines(html: string): Piece[][] {
  const lines: Piece[][] = [[]];
  const open: string[] = [];
  const token = /<span class="([^"]*)">|<\/span>|([^<]+)/g;
  for (let match = token.exec(html); match !== null; match = token.exec(html)) {
    if (match[1] !== undefined) open.push(match[1]);
    else if (match[2] !== undefined) {
      const className = open.length > 0 ? open.join(' ') : null;
      decode(match[2]).split('\n').forEach((part, i) => {
        if (i > 0) lines.push([]);
        const text = part.endsWith('\r') ? part.slice(0, -1) : part;
        if (text) lines.at(-1)?.push({ text, className });
      });
    } else open.pop();
  }
  if (lines.length > 1 && lines.at(-1)?.length === 0 && html.endsWith('\n')) lines.pop();
  return lines;
}

/** "2.3 MB", "812 bytes", "14 kB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 100) / 10} kB`;
  return `${Math.round(bytes / 100_000) / 10} MB`;
}
