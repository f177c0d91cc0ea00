import { describe, expect, it } from 'vitest';
import { bashOutcome, terminalText } from './bash-result';

describe('bashOutcome', () => {
  it('reads the exit code Claude Code puts first in a failed command\'s result', () => {
    // As the CLI sends it for `printf '\033[31mred\033[0m\n'; printf 'line2\n'; exit 3`.
    expect(bashOutcome('Exit code 3\n\u001b[31mred\u001b[0m\nline2', true)).toEqual({ exitCode: 3, output: '\u001b[31mred\u001b[0m\nline2' });
    expect(bashOutcome('Exit code 1', true)).toEqual({ exitCode: 1, output: '' });
  });

  it('takes a result that is no error as exit 0', () => {
    expect(bashOutcome('hello\n', false)).toEqual({ exitCode: 0, output: 'hello\n' });
    expect(bashOutcome('(Bash completed with no output)', false)).toEqual({ exitCode: 0, output: '' });
  });

  it('knows no exit code for other failures', () => {
    expect(bashOutcome('The user doesn\'t want to proceed with this tool use.', true).exitCode).toBeNull();
    expect(bashOutcome('Output mentions Exit code 3 later', true).exitCode).toBeNull();
  });
});

describe('terminalText', () => {
  it('keeps what a terminal shows after carriage returns', () => {
    expect(terminalText('a\r\nb\r\n')).toBe('a\nb\n');
    expect(terminalText('10%\r50%\r100%\ndone')).toBe('100%\ndone');
    expect(terminalText('line\r')).toBe('line');
    expect(terminalText('plain')).toBe('plain');
  });
});
