// Renders model text as Markdown. Raw HTML in the text is never turned into elements:
// react-markdown builds React elements from a syntax tree and, without rehype-raw,
// HTML nodes are not rendered — no dangerouslySetInnerHTML anywhere. Code blocks get
// highlighting (rehype-highlight produces spans, not HTML strings) and a copy button.
import { memo, type ReactNode } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import rehypeHighlight from 'rehype-highlight';
import { CopyButton } from './CopyButton';

function textOf(node: ReactNode): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (node && typeof node === 'object' && 'props' in node) return textOf((node.props as { children?: ReactNode }).children);
  return '';
}

const components: Components = {
  pre({ children }) {
    return (
      <div className="group relative">
        <div className="absolute top-1.5 right-1.5 opacity-70 group-hover:opacity-100">
          <CopyButton text={textOf(children).replace(/\n$/, '')} />
        </div>
        <pre className="overflow-x-auto rounded-lg bg-zinc-100 p-3 text-sm dark:bg-zinc-900">{children}</pre>
      </div>
    );
  },
  a({ href, children }) {
    return (
      <a href={href} target="_blank" rel="noopener noreferrer nofollow">
        {children}
      </a>
    );
  },
};

interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
}

// Raw HTML in model text is shown as the literal text it is, not dropped: the reader
// sees what the model wrote, and nothing of it becomes an element.
function remarkHtmlAsText() {
  const walk = (node: MdNode): void => {
    if (node.type === 'html') node.type = 'text';
    node.children?.forEach(walk);
  };
  return (tree: MdNode) => walk(tree);
}

// Only links that cannot run code.
function safeUrl(url: string): string {
  return /^(https?:|mailto:|#|\/)/i.test(url) ? url : '';
}

export const Markdown = memo(function Markdown({ text, streaming = false }: { text: string; streaming?: boolean }) {
  return (
    <div className={`markdown break-words ${streaming ? 'streaming' : ''}`}>
      <ReactMarkdown remarkPlugins={[remarkGfm, remarkHtmlAsText]} rehypePlugins={[[rehypeHighlight, { detect: false }]]} components={components} urlTransform={safeUrl}>
        {text}
      </ReactMarkdown>
    </div>
  );
});
