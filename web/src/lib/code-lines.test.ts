import hljs from 'highlight.js/lib/common';
import { describe, expect, it } from 'vitest';
import { formatBytes, htmlToLines, languageFor, plainLines, textLines } from './code-lines';

describe('languageFor', () => {
  it('by extension and by name, null for plain text', () => {
    expect(languageFor('src/app.ts')).toBe('ts');
    expect(languageFor('src/App.tsx')).toBe('typescript');
    expect(languageFor('index.html')).toBe('xml');
    expect(languageFor('Makefile')).toBe('makefile');
    expect(languageFor('notes.txt')).toBeNull();
    expect(languageFor('LICENSE')).toBeNull();
    expect(languageFor('.env')).toBeNull();
    expect(languageFor('a/b.PY')).toBe('py');
  });

  it('names highlight.js knows', () => {
    for (const path of ['a.ts', 'a.tsx', 'a.js', 'a.py', 'a.rs', 'a.go', 'a.json', 'a.md', 'a.yml', 'a.sh', 'a.cpp', 'a.hpp', 'a.html', 'a.css', 'a.toml'])
      expect(hljs.getLanguage(languageFor(path) ?? ''), path).toBeDefined();
  });
});

describe('htmlToLines', () => {
  it('keeps spans open across lines and decodes the text', () => {
    const html = hljs.highlight('const a = "<x>";\n/* one\ntwo */ let b = 1\n', { language: 'ts' }).value;
    const lines = htmlToLines(html);
    expect(lines.map((line) => line.map((p) => p.text).join(''))).toEqual(['const a = "<x>";', '/* one', 'two */ let b = 1']);
    expect(lines[0]?.[0]).toEqual({ text: 'const', className: 'hljs-keyword' });
    expect(lines[1]).toEqual([{ text: '/* one', className: 'hljs-comment' }]);
    expect(lines[2]?.[0]).toEqual({ text: 'two */', className: 'hljs-comment' });
  });

  it('nested spans join their classes', () => {
    expect(htmlToLines('<span class="a">x<span class="b">y</span></span>z')).toEqual([
      [
        { text: 'x', className: 'a' },
        { text: 'y', className: 'a b' },
        { text: 'z', className: null },
      ],
    ]);
  });
});

describe('lines and sizes', () => {
  it('a final line break starts no line; CRLF is read as a line break', () => {
    expect(textLines('a\r\nb\n')).toEqual(['a', 'b']);
    expect(textLines('')).toEqual(['']);
    expect(plainLines('a\n\nb')).toEqual([[{ text: 'a', className: null }], [], [{ text: 'b', className: null }]]);
  });

  it('formats sizes', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(812)).toBe('812 bytes');
    expect(formatBytes(14_321)).toBe('14.3 kB');
    expect(formatBytes(2_300_000)).toBe('2.3 MB');
    expect(formatBytes(1_048_576)).toBe('1 MB');
  });
});
