// What a Bash tool's result says, the way Claude Code sends it: a command that exited
// non-zero is a result with is_error and "Exit code N" as its first line, then the
// output; a command that succeeded is its output alone. Other failures (a timeout, a
// denial, an interrupt) are errors without an exit code.

export interface BashOutcome {
  /** The exit status, when known: N from "Exit code N", 0 for a result that is no error. */
  exitCode: number | null;
  /** The command's output, as a terminal would show it. */
  output: string;
}

// What the CLI puts in place of an empty output: the card says "No output." itself.
const NO_OUTPUT = '(Bash completed with no output)';

export function bashOutcome(content: string, isError: boolean): BashOutcome {
  const exit = /^Exit code (\d+)(?:\r?\n|$)/.exec(content);
  if (exit) return { exitCode: Number(exit[1]), output: terminalText(content.slice(exit[0].length)) };
  return { exitCode: isError ? null : 0, output: content.trim() === NO_OUTPUT ? '' : terminalText(content) };
}

/**
 * Text as a terminal leaves it: CRLF is a line break, and a carriage return inside a line
 * (a progress bar redrawn in place) leaves what was written after it.
 */
export function terminalText(text: string): string {
  if (!text.includes('\r')) return text;
  return text
    .replace(/\r+\n/g, '\n')
    .split('\n')
    .map((line) => {
      const trimmed = line.replace(/\r+$/, '');
      const at = trimmed.lastIndexOf('\r');
      return at < 0 ? trimmed : trimmed.slice(at + 1);
    })
    .join('\n');
}
