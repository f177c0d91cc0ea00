// Renders model text as Markdown. Raw HTML in the text is never turned into elements:
// react-markdown builds React elements from a syntax tree and, without rehype-raw,
// HTML nodes are not rendered — no dangerouslySetInnerHTML anywhere. Code blocks get
// highlighting (rehype-highlight produces spans, not HTML strings) and a copy button.
// The text is rendered block by block (lib/markdown-blocks.ts), each block memoized on
// its text: while a reply streams, only its last, growing block is parsed again per
// frame, and when it completes nothing is parsed again at all. What a block renders to
// is kept (by its text) for the next time it mounts: a virtualized list unmounts the
// messages that scroll out of view and mounts them again when they come back.
import { memo, useEffect, useMemo, type ReactElement, type ReactNode } from 'react';
import ReactMarkdown, { defaultUrlTransform, type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import rehypeHighlight from 'rehype-highlight';
import { LruCache } from '../lib/lru-cache';
import { isPlainParagraph, plainParagraphText, splitBlocks } from '../lib/markdown-blocks';
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
  // A link opens in a new tab, with no way back to this page (noopener) and no referrer.
  // Its URL is react-markdown's defaultUrlTransform's: http(s), mailto, irc(s), xmpp or
  // relative; anything else (javascript:, data:, vbscript:…) becomes an empty href.
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
  return (tree: MdNode) => { walk(tree); };
}

// rehype-highlight builds its highlighter (every common grammar) each time a processor
// is made, and react-markdown makes one on every render: about 5 ms a message, which is
// most of the cost of scrolling through a long conversation. Its transform does not
// depend on the processor, so one serves every render.
let sharedHighlight: ReturnType<typeof rehypeHighlight> | undefined;
function rehypeHighlightShared() {
  return (sharedHighlight ??= rehypeHighlight({ detect: false }));
}

const remarkPlugins = [remarkGfm, remarkHtmlAsText];
const rehypePlugins = [rehypeHighlightShared];

// React elements are immutable descriptions: one rendering of a block serves every mount.
// Only settled blocks are kept; the growing block of a stream changes every frame.
const rendered = new LruCache<string, ReactElement>(2000);

function renderBlock(text: string): ReactElement {
  // Plain prose renders as Markdown would render it, without the parse (most short messages).
  if (isPlainParagraph(text)) return <p>{plainParagraphText(text)}</p>;
  // ReactMarkdown (the synchronous one) is a plain function of its props, without hooks.
  return ReactMarkdown({ children: text, remarkPlugins, rehypePlugins, components, urlTransform: defaultUrlTransform });
}

const Block = memo(function Block({ text, settled }: { text: string; settled: boolean }) {
  const element = useMemo(() => rendered.get(text) ?? renderBlock(text), [text]);
  useEffect(() => {
    if (settled) rendered.set(text, element);
  }, [settled, text, element]);
  return element;
});

export const Markdown = memo(function Markdown({ text, streaming = false }: { text: string; streaming?: boolean }) {
  const blocks = useMemo(() => splitBlocks(text), [text]);
  return (
    <div className={`markdown break-words ${streaming ? 'streaming' : ''}`}>
      {blocks.map((block, i) => (
        // A block's place is its identity: only the last one ever changes.
        <Block key={i} text={block} settled={!streaming || i < blocks.length - 1} />
      ))}
    </div>
  );
});
