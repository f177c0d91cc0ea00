import { describe, expect, it } from 'vitest';
import { ansiSegments, stripAnsi } from './ansi';

const ESC = '\u001b';

describe('ansiSegments', () => {
  it('keeps plain text in one piece', () => {
    expect(ansiSegments('hello\nworld')).toEqual([{ text: 'hello\nworld', className: '' }]);
    expect(ansiSegments('')).toEqual([]);
  });

  it('gives the standard colours classes with a light and a dark shade', () => {
    const [plain, red, after] = ansiSegments(`a ${ESC}[31mred${ESC}[0m b`);
    expect(plain).toEqual({ text: 'a ', className: '' });
    expect(red?.text).toBe('red');
    expect(red?.className).toMatch(/text-red-\d+ dark:text-red-\d+/);
    expect(after).toEqual({ text: ' b', className: '' });
    expect(ansiSegments(`${ESC}[1;92mok${ESC}[0m`)[0]?.className).toMatch(/text-green-600 .*font-bold/);
    expect(ansiSegments(`${ESC}[41mbg${ESC}[0m`)[0]?.className).toMatch(/bg-red-200/);
  });

  it('gives 256-colour and true-colour codes an exact colour', () => {
    expect(ansiSegments(`${ESC}[38;5;196mx`)[0]?.color).toBe('rgb(255, 0, 0)');
    expect(ansiSegments(`${ESC}[38;5;244mx`)[0]?.color).toBe('rgb(128, 128, 128)');
    expect(ansiSegments(`${ESC}[38;2;1;2;3mx`)[0]?.color).toBe('rgb(1, 2, 3)');
    expect(ansiSegments(`${ESC}[48;2;9;8;7mx`)[0]?.background).toBe('rgb(9, 8, 7)');
  });

  it('keeps markup in the output as text, never as elements', () => {
    const segments = ansiSegments(`${ESC}[31m<img src=x onerror=alert(1)>${ESC}[0m & <script>`);
    expect(segments.map((s) => s.text).join('')).toBe('<img src=x onerror=alert(1)> & <script>');
  });

  it('drops escapes that set no style (cursor moves, hyperlinks, character sets)', () => {
    const text = `a${ESC}]8;;https://example.com${ESC}\\link${ESC}]8;;${ESC}\\ b${ESC}[2K${ESC}[?25lc${ESC}(Bd`;
    expect(ansiSegments(text).map((s) => s.text).join('')).toBe('alink bcd');
    expect(stripAnsi(text)).toBe('alink bcd');
    expect(stripAnsi(`${ESC}[31mred${ESC}[0m`)).toBe('red');
  });
});
