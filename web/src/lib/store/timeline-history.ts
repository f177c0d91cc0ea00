// Older history paged in above what a session's timeline holds (docs/protocol.md §3.1).
// A page is folded on its own, then joined to the held items at the seam, where one
// turn may straddle the two: its chat_request above and its chat_response below, a
// tool_use above and its tool_result below, a permission prompt above and its
// resolution below, a thinking block's deltas above and its whole text below. The
// result is the timeline that folding the whole history in one go would give. The
// session's state (status, backend, detail) stays what the held, newer events say.
import type { Envelope } from '../../types/websocket';
import { applyEvents, emptyView, type AssistantItem, type SessionView, type TimelineItem, type ToolItem, type UserItem } from './timeline';
import { mergeChildren } from './tool-tree';

/** Applies a page of events older than everything the view holds (ascending seq) before it. */
export function prependEvents(view: SessionView, older: readonly Envelope[]): SessionView {
  if (older.length === 0) return view;
  return joinAtSeam(applyEvents(emptyView, older), view);
}

function joinAtSeam(older: SessionView, held: SessionView): SessionView {
  const heldItems: TimelineItem[] = [...held.items];
  const heldAt = new Map<string, number>();
  const completeReplies = new Set<string>();
  const openSegments = new Map<string, number>(); // requestId -> its first held segment, when none is complete
  heldItems.forEach((item, i) => {
    heldAt.set(item.id, i);
    if (item.kind === 'assistant' && item.stopReason !== undefined) completeReplies.add(item.requestId);
  });
  heldItems.forEach((item, i) => {
    if (item.kind === 'assistant' && !completeReplies.has(item.requestId) && !openSegments.has(item.requestId)) openSegments.set(item.requestId, i);
  });
  const moved = new Set<number>(); // held items that take their place in the older part
  const orphans = new Map(Object.entries(held.orphanResolutions));
  const above: TimelineItem[] = [];

  for (const item of older.items) {
    const at = heldAt.get(item.id);
    switch (item.kind) {
      case 'user': {
        // A message restored after a reload, shown before its server record: it is this one.
        const mine = at === undefined ? undefined : heldItems[at];
        if (mine?.kind === 'user' && at !== undefined) {
          moved.add(at);
          above.push(mine.delivery === 'queued' ? ({ ...mine, delivery: 'sent' } satisfies UserItem) : mine);
        } else above.push(item);
        break;
      }
      case 'tool': {
        // The call is here; its result arrived with the newer events (shown until now
        // as a card without its call).
        const later = at === undefined ? undefined : heldItems[at];
        if (later?.kind === 'tool' && at !== undefined) {
          moved.add(at);
          const joined: ToolItem = { ...item };
          const result = item.result ?? later.result;
          if (result) joined.result = result;
          const children = mergeChildren(item.children, later.children);
          if (children) joined.children = children;
          above.push(joined);
        } else above.push(item);
        break;
      }
      case 'assistant': {
        // Its chat_response is held: that text is the whole reply (§2.1), these deltas add nothing.
        if (completeReplies.has(item.requestId)) break;
        const first = openSegments.get(item.requestId);
        const continued = first === undefined ? undefined : heldItems[first];
        if (continued?.kind === 'assistant' && first !== undefined) {
          // No chat_response on either side yet: the text goes on below; keep it in one piece.
          heldItems[first] = { ...continued, text: item.text + continued.text } satisfies AssistantItem;
          break;
        }
        // Older history is never what is streaming now.
        above.push(item.streaming ? { ...item, streaming: false } : item);
        break;
      }
      case 'permission': {
        const resolved = orphans.get(item.permissionId);
        if (resolved && !item.resolved) {
          orphans.delete(item.permissionId);
          above.push({ ...item, resolved });
        } else above.push(item);
        break;
      }
      case 'thinking':
        above.push(item);
        break;
    }
  }

  const below = heldItems.filter((_, i) => !moved.has(i));
  joinThinking(above, below);
  return { ...held, items: nestUnderTasks([...above, ...below]), orphanResolutions: { ...older.orphanResolutions, ...Object.fromEntries(orphans) } };
}

// A subagent's calls held while their Task was in older history stood alone: now that
// the Task is here, they go under it.
function nestUnderTasks(items: TimelineItem[]): TimelineItem[] {
  if (!items.some((item) => item.kind === 'tool' && item.parentToolUseId !== undefined)) return items;
  const taskAt = new Map<string, number>();
  items.forEach((item, i) => {
    if (item.kind === 'tool') taskAt.set(item.toolUseId, i);
  });
  const out = [...items];
  const nested = new Set<number>();
  items.forEach((item, i) => {
    if (item.kind !== 'tool' || item.parentToolUseId === undefined) return;
    const at = taskAt.get(item.parentToolUseId);
    const task = at === undefined ? undefined : out[at];
    if (at === undefined || task?.kind !== 'tool') return;
    const child: ToolItem = { ...item };
    delete child.parentToolUseId;
    out[at] = { ...task, children: mergeChildren(task.children, [child]) ?? [] };
    nested.add(i);
  });
  return out.filter((_, i) => !nested.has(i));
}

// A thinking block cut by the seam: its deltas end the older part and the rest (or its
// whole text, when it completed) begins the held part. One block, with the older id.
function joinThinking(above: TimelineItem[], below: TimelineItem[]): void {
  const last = above.at(-1);
  const next = below[0];
  if (last?.kind !== 'thinking' || last.complete || next?.kind !== 'thinking') return;
  above.pop();
  below[0] = { ...next, id: last.id, text: next.complete ? next.text : last.text + next.text };
}
