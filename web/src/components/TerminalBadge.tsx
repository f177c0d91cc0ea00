// The mark of a conversation that came from Claude Code in a terminal (a transcript, or
// a session opened from one), so it is never mistaken for one started in Tether.
export function TerminalBadge() {
  return (
    <span
      className="inline-flex shrink-0 items-center rounded border border-zinc-300 px-1 font-mono text-[10px] leading-4 text-zinc-500 dark:border-zinc-700 dark:text-zinc-400"
      title="Started in Claude Code in a terminal"
      data-testid="terminal-badge"
    >
      &gt;_
    </span>
  );
}
