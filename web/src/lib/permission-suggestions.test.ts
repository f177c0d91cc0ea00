import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../types/websocket';
import { grantedWith, suggestionChoices, suggestionLabel } from './permission-suggestions';

const rules = (...list: JsonObject[]) => ({ type: 'addRules', rules: list, behavior: 'allow', destination: 'localSettings' });

describe('permission suggestions in words', () => {
  it('a rule for a command, a command prefix, a whole tool', () => {
    expect(suggestionLabel(rules({ toolName: 'Bash', ruleContent: 'npm test' }))).toBe('Always allow `npm test` in this session');
    expect(suggestionLabel(rules({ toolName: 'Bash', ruleContent: 'npm run:*' }))).toBe('Always allow commands that start with `npm run` in this session');
    expect(suggestionLabel(rules({ toolName: 'Bash' }))).toBe('Always allow Bash in this session');
    expect(suggestionLabel(rules({ toolName: 'Bash', ruleContent: 'git status' }, { toolName: 'Bash', ruleContent: 'git diff:*' }))).toBe(
      'Always allow `git status` and commands that start with `git diff` in this session',
    );
  });

  it('rules for files and fetches', () => {
    expect(suggestionLabel(rules({ toolName: 'Edit', ruleContent: '//home/ada/shop/**' }))).toBe('Always allow edits to `/home/ada/shop/**` in this session');
    expect(suggestionLabel(rules({ toolName: 'Read', ruleContent: 'src/**' }))).toBe('Always allow reading `src/**` in this session');
    expect(suggestionLabel(rules({ toolName: 'WebFetch', ruleContent: 'domain:example.com' }))).toBe('Always allow fetching from `example.com` in this session');
    expect(suggestionLabel(rules({ toolName: 'mcp__db__query', ruleContent: 'x' }))).toBe('Always allow mcp__db__query `x` in this session');
  });

  it('modes and directories', () => {
    expect(suggestionLabel({ type: 'setMode', mode: 'acceptEdits', destination: 'session' })).toBe('Accept edits from now on');
    expect(suggestionLabel({ type: 'setMode', mode: 'plan' })).toBe('Switch to plan mode');
    expect(suggestionLabel({ type: 'setMode', mode: 'someday' })).toBeUndefined();
    expect(suggestionLabel({ type: 'addDirectories', directories: ['/srv/data', '/tmp'] })).toBe('Allow access to `/srv/data` and `/tmp` in this session');
  });

  it('nothing for what Tether does not apply, or cannot read', () => {
    expect(suggestionLabel({ type: 'removeRules', rules: [{ toolName: 'Bash' }] })).toBeUndefined();
    expect(suggestionLabel({ ...rules({ toolName: 'Bash' }), behavior: 'deny' })).toBeUndefined();
    expect(suggestionLabel(rules({ ruleContent: 'no tool' }))).toBeUndefined();
    expect(suggestionLabel({ type: 'addRules', rules: [] })).toBeUndefined();
  });

  it('the buttons keep each suggestion’s index in the prompt', () => {
    expect(
      suggestionChoices([{ type: 'removeRules' }, rules({ toolName: 'Bash', ruleContent: 'make' }), { type: 'setMode', mode: 'acceptEdits' }]),
    ).toEqual([
      { index: 1, label: 'Always allow `make` in this session' },
      { index: 2, label: 'Accept edits from now on' },
    ]);
  });

  it('a decision says what the allow also granted', () => {
    const offered = [rules({ toolName: 'Bash', ruleContent: 'make' }), { type: 'setMode', mode: 'acceptEdits' }];
    expect(grantedWith({ suggestion: 1 }, offered)).toBe('Accept edits from now on');
    expect(grantedWith({ suggestion: 0 }, offered)).toBe('Always allow `make` in this session');
    expect(grantedWith({ suggestion: 5 }, offered)).toBeUndefined();
    expect(grantedWith({ remember: true }, offered)).toBe('Allowed for this session');
    expect(grantedWith({}, offered)).toBeUndefined();
  });
});
