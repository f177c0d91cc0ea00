// Colours a file's text off the page's thread: in a Web Worker (one, made on first use),
// or, where there is none (jsdom) or it cannot start, by highlight.js loaded on demand
// after the plain text has been drawn. Answers lines of pieces, or null for no grammar.
import { htmlToLines, type Piece } from './code-lines';
import type { HighlightAnswer } from './highlight-worker';

let worker: Worker | null | undefined;
let nextId = 1;
/** Answers awaited by request id; undefined: the worker is gone, do it on the page. */
const waiting = new Map<number, (html: string | null | undefined) => void>();

function theWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    worker = typeof Worker === 'function' ? new Worker(new URL('./highlight-worker.ts', import.meta.url), { type: 'module' }) : null;
  } catch {
    worker = null;
  }
  worker?.addEventListener('message', (e: MessageEvent<HighlightAnswer>) => {
    waiting.get(e.data.id)?.(e.data.html);
    waiting.delete(e.data.id);
  });
  worker?.addEventListener('error', () => {
    // It could not start (or broke): the page does the work from now on.
    worker?.terminate();
    worker = null;
    for (const [id, done] of waiting) {
      waiting.delete(id);
      done(undefined);
    }
  });
  return worker;
}

async function onPage(text: string, language: string): Promise<string | null> {
  await new Promise((done) => setTimeout(done, 0)); // after the plain text is drawn
  const { highlightHtml } = await import('./highlight-worker');
  return highlightHtml(text, language);
}

export async function highlightLines(text: string, language: string): Promise<Piece[][] | null> {
  const w = theWorker();
  let html: string | null | undefined;
  if (w) {
    const id = nextId++;
    html = await new Promise<string | null | undefined>((done) => {
      waiting.set(id, done);
      w.postMessage({ id, text, language });
    });
  }
  if (html === undefined) html = await onPage(text, language);
  return html === null ? null : htmlToLines(html);
}
