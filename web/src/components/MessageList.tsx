// The conversation of the session in view, virtualized: only the items near the viewport
// are in the DOM, each measured as it renders (Markdown, tool cards and images have no
// fixed height). Items are immutable, so unchanged ones keep their identity and their
// memoized components skip re-rendering while a reply streams. The list is anchored at
// its end (older history loaded above keeps the message being read where it was); it
// follows the bottom while the reader is there, also as the last reply grows, and
// leaves them alone once they scroll up.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useRef } from 'react';
import { estimateItemHeight } from '../lib/item-height';
import { useClaudeStore } from '../lib/store/claude-store';
import { answerPermission } from '../lib/store/claude-actions';
import { loadOlder } from '../lib/store/history-actions';
import type { TimelineItem } from '../lib/store/timeline';
import { HISTORY_TOP_PX, HistoryTop } from './HistoryTop';
import { AssistantMessage, UserMessage } from './MessageItems';
import { PermissionCard } from './PermissionCard';
import { ThinkingBlock } from './ThinkingBlock';
import { ToolCard } from './ToolCard';

const none: TimelineItem[] = [];
const GAP_PX = 16;
const EDGE_PX = 24;
// Within this distance of the end the reader counts as at the bottom (and is followed).
const AT_END_PX = 40;

export function Item({ item, sessionId }: { item: TimelineItem; sessionId: string }) {
  switch (item.kind) {
    case 'user':
      return <UserMessage item={item} />;
    case 'assistant':
      return <AssistantMessage item={item} />;
    case 'thinking':
      return <ThinkingBlock item={item} />;
    case 'tool':
      return <ToolCard item={item} />;
    case 'permission':
      return <PermissionCard item={item} onAnswer={(answer) => { answerPermission(sessionId, item.permissionId, answer); }} />;
  }
}

export function MessageList({ sessionId }: { sessionId: string }) {
  const items = useClaudeStore((s) => s.views[sessionId]?.items ?? none);
  const history = useClaudeStore((s) => s.histories[sessionId]);
  const scroller = useRef<HTMLDivElement>(null);
  // Whether the reader is at the bottom, as of their last scroll: content that grows
  // below does not change it, so a streaming reply is followed.
  const pinned = useRef(true);
  const hasTop = history !== undefined && items.length > 0;

  // eslint-disable-next-line react-hooks/incompatible-library -- the warning is for the React Compiler's memoizing, which this build does not use; the virtualizer re-renders this component itself
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => (items[i] ? estimateItemHeight(items[i]) : 48),
    getItemKey: (i) => items[i]?.id ?? i,
    gap: GAP_PX,
    paddingStart: hasTop ? HISTORY_TOP_PX : EDGE_PX,
    paddingEnd: EDGE_PX,
    overscan: 6,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: AT_END_PX,
  });

  // A session opens at its latest message.
  useLayoutEffect(() => {
    virtualizer.scrollToEnd();
  }, [virtualizer]);

  // The virtualizer follows appends, but a reply that grows by several lines per frame
  // can outrun its check; whatever grew, a pinned reader is kept at the bottom.
  const total = virtualizer.getTotalSize();
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && pinned.current && el.scrollHeight - el.scrollTop - el.clientHeight > 1) el.scrollTop = el.scrollHeight;
  }, [total, items]);

  // Older history loads as the reader nears the top (a viewport away), never at the end.
  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < AT_END_PX;
    if (!pinned.current && el.scrollTop < el.clientHeight) void loadOlder(sessionId);
  }, [sessionId]);

  // A tail shorter than the viewport gives no scrolling to ask for more: ask now.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && history?.hasOlder && !history.loading && history.error === null && el.scrollHeight <= el.clientHeight) void loadOlder(sessionId);
  }, [history, items.length, sessionId]);

  return (
    <div
      ref={scroller}
      // Not a control: it hears the scroll keys that bubble up from what has focus inside it.
      role="presentation"
      onScroll={onScroll}
      // Scrolling up lets go of the bottom at once, before the scroll event: a reply growing in
      // the same frame must not pull the reader back down.
      onWheel={(e) => {
        if (e.deltaY < 0) pinned.current = false;
      }}
      onKeyDown={(e) => {
        if (['ArrowUp', 'PageUp', 'Home'].includes(e.key)) pinned.current = false;
      }}
      className="min-h-0 flex-1 overflow-y-auto [overflow-anchor:none]"
      data-testid="message-list"
    >
      <div className="relative w-full" style={{ height: total }}>
        {hasTop && <HistoryTop history={history} onLoad={(retry) => void loadOlder(sessionId, { retry })} />}
        {items.length === 0 && <p className="pt-6 text-center text-sm text-zinc-500">No messages yet. Say hello.</p>}
        {virtualizer.getVirtualItems().map((row) => {
          const item = items[row.index];
          if (!item) return null;
          return (
            <div
              key={row.key}
              data-index={row.index}
              ref={virtualizer.measureElement}
              className="absolute top-0 left-0 w-full"
              style={{ transform: `translateY(${row.start}px)` }}
            >
              <div className="mx-auto flex max-w-3xl flex-col px-4">
                <Item item={item} sessionId={sessionId} />
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
