import { describe, expect, it } from 'vitest';
import { commandText, filterCommands, moveHighlight, slashQuery } from './slash-commands';

const commands = [
  { name: 'review', description: 'Review a pull request', argumentHint: '[pr]' },
  { name: 'compact', description: 'Clear history but keep a summary' },
  { name: 'pr-comments', description: 'Get comments from a GitHub pull request' },
  { name: 'init', description: 'Initialize a CLAUDE.md file' },
];

describe('slashQuery', () => {
  it('is the name typed after a leading slash, until a space', () => {
    expect(slashQuery('/')).toBe('');
    expect(slashQuery('/rev')).toBe('rev');
    expect(slashQuery('/review ')).toBeNull();
    expect(slashQuery('/review src/a.ts')).toBeNull();
    expect(slashQuery('hello /rev')).toBeNull();
    expect(slashQuery('')).toBeNull();
  });
});

describe('filterCommands', () => {
  it('lists all for an empty query', () => {
    expect(filterCommands(commands, '').map((c) => c.name)).toEqual(['review', 'compact', 'pr-comments', 'init']);
  });
  it('puts names starting with the query first, then names containing it, then descriptions', () => {
    expect(filterCommands(commands, 'pr').map((c) => c.name)).toEqual(['pr-comments']);
    expect(filterCommands(commands, 'com').map((c) => c.name)).toEqual(['compact', 'pr-comments']);
    expect(filterCommands(commands, 'PULL').map((c) => c.name)).toEqual(['review', 'pr-comments']);
  });
  it('is empty when nothing matches', () => {
    expect(filterCommands(commands, 'zzz')).toEqual([]);
  });
});

describe('choosing', () => {
  it('fills the composer with the command and a space for arguments', () => {
    expect(commandText({ name: 'review', description: '' })).toBe('/review ');
  });
  it('moves the highlight around the list', () => {
    expect(moveHighlight(0, 3, 1)).toBe(1);
    expect(moveHighlight(2, 3, 1)).toBe(0);
    expect(moveHighlight(0, 3, -1)).toBe(2);
    expect(moveHighlight(0, 0, 1)).toBe(0);
  });
});
