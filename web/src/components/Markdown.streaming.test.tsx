// @vitest-environment jsdom
// A streaming reply re-parses only its last, growing block per frame: the blocks before
// it render once. Counted on react-markdown itself, wrapped to record what it parses.
import { render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { Markdown } from './Markdown';

const parsed = vi.hoisted(() => [] as string[]);
vi.mock('react-markdown', async (importOriginal) => {
  const actual = await importOriginal<typeof import('react-markdown')>();
  const Counting: typeof actual.default = (props) => {
    parsed.push(String(props.children));
    return actual.default(props);
  };
  return { ...actual, default: Counting };
});

describe('Markdown while streaming', () => {
  it('parses the completed blocks once and only the growing one on each frame', () => {
    const head = 'Intro with *emphasis*.\n\n```js\nconst a = 1;\n\nconst b = 2;\n```\n\nPlain prose needs no parse.\n\n';
    const { container, rerender } = render(<Markdown text={`${head}Tail: \`a\``} streaming />);
    expect(parsed).toEqual(['Intro with *emphasis*.\n\n', '```js\nconst a = 1;\n\nconst b = 2;\n```\n\n', 'Tail: `a`']);
    parsed.length = 0;
    rerender(<Markdown text={`${head}Tail: \`a\` grows`} streaming />);
    rerender(<Markdown text={`${head}Tail: \`a\` grows more`} streaming />);
    expect(parsed).toEqual(['Tail: `a` grows', 'Tail: `a` grows more']);
    parsed.length = 0;
    rerender(<Markdown text={`${head}Tail: \`a\` grows more`} />); // complete: nothing is parsed again
    expect(parsed).toEqual([]);
    expect(container.querySelector('em')?.textContent).toBe('emphasis');
    expect(container.querySelector('pre code')?.textContent).toBe('const a = 1;\n\nconst b = 2;\n');
    expect([...container.querySelectorAll('.markdown > p')].map((p) => p.textContent)).toEqual(['Intro with emphasis.', 'Plain prose needs no parse.', 'Tail: a grows more']);
  });

  it('a block seen before is not parsed again when it mounts again', () => {
    const text = 'A *settled* reply, scrolled out of view and back.';
    const first = render(<Markdown text={text} />);
    first.unmount();
    parsed.length = 0;
    const again = render(<Markdown text={text} />);
    expect(parsed).toEqual([]);
    expect(again.container.querySelector('em')?.textContent).toBe('settled');
  });
});
