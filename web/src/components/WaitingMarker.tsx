// The amber mark of a session whose Claude Code permission prompt waits for an answer:
// seen at a glance in the sidebar, and named for screen readers (a status, so its
// appearance is announced).
export function WaitingMarker({ count }: { count: number }) {
  if (count <= 0) return null;
  const label = count === 1 ? 'Permission prompt waiting for you' : `${count} permission prompts waiting for you`;
  return (
    <span
      role="status"
      aria-label={label}
      title={label}
      data-testid="prompt-waiting"
      data-count={count}
      className="inline-flex shrink-0 items-center gap-1 rounded-full bg-amber-100 px-1.5 py-px text-[11px] leading-4 font-medium whitespace-nowrap text-amber-900 dark:bg-amber-900/50 dark:text-amber-200"
    >
      <span className="h-1.5 w-1.5 animate-pulse rounded-full bg-amber-500 motion-reduce:animate-none" aria-hidden="true" />
      <span aria-hidden="true">{count > 1 ? `${count} waiting` : 'waiting for you'}</span>
    </span>
  );
}
