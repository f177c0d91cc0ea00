// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { readPartialJson } from './partial-json';

const read = (text: string) => readPartialJson(text).value;

describe('readPartialJson', () => {
  it('reads complete JSON as JSON.parse does', () => {
    const text = JSON.stringify({ a: 1, b: [true, false, null, -2.5e3], c: { d: 'x\n"y"\u00e9' } });
    expect(read(text)).toEqual(JSON.parse(text));
    expect(readPartialJson(text).pending).toBeNull();
  });

  it('grows a string as it streams, with the key it belongs to pending', () => {
    expect(readPartialJson('{"file_path":"/tmp/a.txt","content":"Line 1\\nLi')).toEqual({
      value: { file_path: '/tmp/a.txt', content: 'Line 1\nLi' },
      pending: 'content',
    });
    expect(readPartialJson('{"file_path":"/tmp/a')).toEqual({ value: { file_path: '/tmp/a' }, pending: 'file_path' });
  });

  it('leaves out what cannot be read yet: a key without a value, a cut number or literal, a half escape', () => {
    expect(read('{')).toEqual({});
    expect(read('{"fi')).toEqual({});
    expect(read('{"file_path"')).toEqual({});
    expect(read('{"file_path": ')).toEqual({});
    expect(readPartialJson('{"n": 12').pending).toBe('n');
    expect(read('{"n": 12')).toEqual({}); // it may be 123
    expect(read('{"n": 12,')).toEqual({ n: 12 });
    expect(read('{"ok": tr')).toEqual({});
    expect(read('{"ok": true')).toEqual({ ok: true });
    expect(read('{"s": "a\\')).toEqual({ s: 'a' });
    expect(read('{"s": "a\\u00')).toEqual({ s: 'a' });
    expect(read('{"s": "a\\u00e9')).toEqual({ s: 'aé' });
  });

  it('reads nested objects and arrays cut anywhere', () => {
    expect(read('{"edits":[{"old_string":"a","new_string":"b"},{"old_string":"c')).toEqual({
      edits: [{ old_string: 'a', new_string: 'b' }, { old_string: 'c' }],
    });
    expect(readPartialJson('{"edits":[{"old_string":"a"}').pending).toBe('edits');
    expect(readPartialJson('{"edits":[],"x"').pending).toBeNull();
    expect(read('[1, 2, ')).toEqual([1, 2]);
  });

  it('gives every prefix of a document without throwing, each a prefix of the whole', () => {
    const whole = { file_path: '/w/notes.md', content: '# Notes\n\n- "one"\n- two \\ three\n', n: 42, tags: ['a', 'b'] };
    const text = JSON.stringify(whole);
    for (let i = 0; i <= text.length; i++) {
      const value = read(text.slice(0, i));
      if (i === 0) expect(value).toBeUndefined();
      else expect(value).toBeTypeOf('object');
    }
    expect(read(text)).toEqual(whole);
  });

  it('reads text that is not JSON as nothing', () => {
    expect(read('')).toBeUndefined();
    expect(read('hello')).toBeUndefined();
    expect(read('{"a" 1}')).toBeUndefined();
    expect(read('{"s": "\\x"}')).toBeUndefined();
  });
});
