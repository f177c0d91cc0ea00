import { describe, expect, it } from 'vitest';
import { isPlainParagraph, splitBlocks } from './markdown-blocks';

const check = (text: string) => {
  const blocks = splitBlocks(text);
  expect(blocks.join('')).toBe(text);
  return blocks;
};

describe('splitBlocks', () => {
  it('cuts at blank lines between paragraphs, headings, and code', () => {
    expect(check('# Title\n\nFirst para\nstill first.\n\nSecond.')).toEqual(['# Title\n\n', 'First para\nstill first.\n\n', 'Second.']);
    expect(check('one\n\n\n\ntwo\n')).toEqual(['one\n\n\n\n', 'two\n']);
  });

  it('keeps a code fence whole, blank lines inside included', () => {
    const text = 'Before.\n\n```js\nconst a = 1;\n\n\nconst b = 2;\n```\n\nAfter.';
    expect(check(text)).toEqual(['Before.\n\n', '```js\nconst a = 1;\n\n\nconst b = 2;\n```\n\n', 'After.']);
    expect(check('~~~~\na\n\n~~~\nstill code\n~~~~\n\nout')).toEqual(['~~~~\na\n\n~~~\nstill code\n~~~~\n\n', 'out']);
    expect(check('```\nx\n\n~~~\ny\n```\n\nz')).toEqual(['```\nx\n\n~~~\ny\n```\n\n', 'z']);
  });

  it('a fence still open while streaming stays in the last block, blank lines and all', () => {
    expect(check('Intro.\n\n```python\ndef f():\n\n    return 1\n\n')).toEqual(['Intro.\n\n', '```python\ndef f():\n\n    return 1\n\n']);
    expect(check('Intro.\n\n``')).toEqual(['Intro.\n\n', '``']);
  });

  it('keeps a loose list in one block, with its indented continuations', () => {
    const text = 'Steps:\n\n1. first\n\n   more about first\n\n2. second\n\n- a\n\n- b\n\nDone.';
    expect(check(text)).toEqual(['Steps:\n\n', '1. first\n\n   more about first\n\n2. second\n\n- a\n\n- b\n\n', 'Done.']);
  });

  it('does not cut before indented code or a fence nested in a list item', () => {
    expect(check('para\n\n    indented code\n\n    more\n\nafter')).toEqual(['para\n\n    indented code\n\n    more\n\n', 'after']);
    expect(check('- item\n\n  ```\n  code\n\n  ```\n\nafter')).toEqual(['- item\n\n  ```\n  code\n\n  ```\n\n', 'after']);
  });

  it('inline triple backticks open no fence', () => {
    expect(check('use ```x``` here\n\nnext')).toEqual(['use ```x``` here\n\n', 'next']);
  });

  it('text with link reference definitions stays one block', () => {
    expect(check('See [the docs][d].\n\n[d]: https://example.com')).toHaveLength(1);
  });

  it('empty and one-line texts are one block', () => {
    expect(check('')).toEqual(['']);
    expect(check('hello')).toEqual(['hello']);
    expect(check('\n\nhello')).toEqual(['\n\nhello']);
  });
});

describe('isPlainParagraph', () => {
  it('accepts one paragraph of prose', () => {
    for (const text of ['turn 2000 says hello', 'Hello, world. How are you? Fine!\n', 'Two lines\nof prose\n\n', 'Ça va très bien, merci', "It's \"quoted\""])
      expect(isPlainParagraph(text), text).toBe(true);
  });

  it('refuses anything Markdown gives meaning to', () => {
    for (const text of ['', '\n', 'a *b*', 'a_b_', 'use `x`', '# heading', '- item', '1. item', '2020. a year', 'see www.example.com', 'http://x', 'a@b.c', 'a | b', '~~gone~~', 'a  \nb', ' indented', '    code', 'a <b>', 'a &amp; b', 'Title\n===', 'a\n\nb', '[x]', 'a\\b'])
      expect(isPlainParagraph(text), JSON.stringify(text)).toBe(false);
  });
});
