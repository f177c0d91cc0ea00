// A Web Worker that runs highlight.js, so that colouring a file of up to 200 kB never
// holds up the page: it gets {id, text, language} and answers {id, html} (null: no such
// grammar, or it failed). The page reads the HTML back into text (code-lines.ts).
import hljs from 'highlight.js/lib/common';

export interface HighlightRequest {
  id: number;
  text: string;
  language: string;
}

export interface HighlightAnswer {
  id: number;
  html: string | null;
}

export function highlightHtml(text: string, language: string): string | null {
  if (!hljs.getLanguage(language)) return null;
  try {
    return hljs.highlight(text, { language, ignoreIllegals: true }).value;
  } catch {
    return null;
  }
}

// In a worker (not when imported by the page or a test): answer each request.
const scope = globalThis as unknown as { document?: unknown; addEventListener?: (type: 'message', on: (e: MessageEvent<HighlightRequest>) => void) => void; postMessage?: (answer: HighlightAnswer) => void };
if (scope.document === undefined && typeof scope.addEventListener === 'function') {
  scope.addEventListener('message', (e) => {
    scope.postMessage?.({ id: e.data.id, html: highlightHtml(e.data.text, e.data.language) });
  });
}
