// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { Markdown } from './Markdown';

describe('Markdown', () => {
  it('never renders raw HTML from the model as elements', () => {
    const { container } = render(<Markdown text={'Hi <b>bold</b> <img src=x onerror="alert(1)"> <script>alert(2)</script>'} />);
    expect(container.querySelector('b')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(container.textContent).toContain('Hi <b>bold</b>');
    expect(container.textContent).toContain('<script>alert(2)</script>');
  });

  it('renders Markdown, highlights code blocks and offers a copy button', () => {
    const { container, getByRole } = render(<Markdown text={'**strong**\n\n```js\nconst a = 1;\n```'} />);
    expect(container.querySelector('strong')?.textContent).toBe('strong');
    const code = container.querySelector('pre code');
    expect(code?.textContent).toBe('const a = 1;\n');
    expect(code?.querySelector('.hljs-keyword')?.textContent).toBe('const');
    expect(getByRole('button', { name: 'Copy' })).toBeTruthy();
  });

  it('keeps web, mail and relative links, opened in a new tab without opener or referrer', () => {
    const { container } = render(<Markdown text={'[a](https://example.com/x?y=1) [b](mailto:ada@example.com) [c](/api/x) [d](#top)'} />);
    const links = [...container.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.com/x?y=1', 'mailto:ada@example.com', '/api/x', '#top']);
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    }
  });

  it('drops links that could run code (javascript:, vbscript:, data:), however written', () => {
    const { container } = render(<Markdown text={'[a](javascript:alert(1)) [b](JavaScript:alert(1)) [c](vbscript:x) [d](data:text/html,<b>x</b>)'} />);
    expect([...container.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['', '', '', '']);
  });
});

describe('Markdown: plain prose without the parse', () => {
  it('renders exactly what react-markdown renders', async () => {
    const { renderToStaticMarkup } = await import('react-dom/server');
    const ReactMarkdown = (await import('react-markdown')).default;
    for (const text of ['turn 2000 says hello', 'Two lines\nof prose.\n\n', 'Ça va, merci! "Yes?"', 'First.\n\nSecond, plain too.']) {
      const expected = `<div class="markdown break-words ">${renderToStaticMarkup(<ReactMarkdown>{text}</ReactMarkdown>).replaceAll('\n', '')}</div>`;
      expect(renderToStaticMarkup(<Markdown text={text} />).replaceAll('\n', ''), text).toBe(expected);
    }
  });
});
