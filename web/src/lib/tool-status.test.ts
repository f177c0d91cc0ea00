import { describe, expect, it } from 'vitest';
import { toolStatus } from './tool-status';

describe('toolStatus', () => {
  it('says where a call is', () => {
    expect(toolStatus({ name: 'Write', inputText: '{"file' })).toEqual({ label: 'writing input…', tone: 'working' });
    expect(toolStatus({ name: 'Read' })).toEqual({ label: 'running…', tone: 'working' });
    expect(toolStatus({ name: 'Read', result: { content: 'x', isError: false } })).toEqual({ label: 'done', tone: 'done' });
    expect(toolStatus({ name: 'Edit', result: { content: 'no match', isError: true } })).toEqual({ label: 'failed', tone: 'failed' });
  });

  it('gives Bash its exit status', () => {
    expect(toolStatus({ name: 'Bash', result: { content: 'ok', isError: false } })).toEqual({ label: 'done · exit 0', tone: 'done' });
    expect(toolStatus({ name: 'Bash', result: { content: 'Exit code 3\nred', isError: true } })).toEqual({ label: 'failed · exit 3', tone: 'failed' });
    expect(toolStatus({ name: 'Bash', result: { content: 'The user denied it', isError: true } })).toEqual({ label: 'failed', tone: 'failed' });
  });
});
