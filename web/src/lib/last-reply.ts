// When a turn of a session ends (its chat_response arrived), the workbench reads the
// project again: the id of the last finished reply changes then, and only then.
import type { TimelineItem } from './store/timeline';

export function lastFinishedReply(items: readonly TimelineItem[] | undefined): string | null {
  if (!items) return null;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item?.kind === 'assistant' && item.stopReason !== undefined) return item.id;
  }
  return null;
}
