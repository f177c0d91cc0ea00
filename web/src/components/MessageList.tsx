// The conversation of the session in view. Items are immutable, so unchanged ones keep
// their identity and their memoized components skip re-rendering while a reply streams.
// Follows the bottom while the reader is there; leaves them alone when they scrolled up.
import { useEffect, useLayoutEffect, useRef } from 'react';
import { useClaudeStore } from '../lib/store/claude-store';
import { answerPermission } from '../lib/store/claude-actions';
import type { TimelineItem } from '../lib/store/timeline';
import { AssistantMessage, UserMessage } from './MessageItems';
import { PermissionCard } from './PermissionCard';
import { ThinkingBlock } from './ThinkingBlock';
import { ToolCard } from './ToolCard';

const none: TimelineItem[] = [];

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
      return <PermissionCard item={item} onAnswer={(answer) => answerPermission(sessionId, item.permissionId, answer)} />;
  }
}

export function MessageList({ sessionId }: { sessionId: string }) {
  const items = useClaudeStore((s) => s.views[sessionId]?.items ?? none);
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);

  useEffect(() => {
    atBottom.current = true;
  }, [sessionId]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [items]);

  return (
    <div
      ref={scroller}
      onScroll={(e) => {
        const el = e.currentTarget;
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
      className="min-h-0 flex-1 overflow-y-auto"
      data-testid="message-list"
    >
      <div className="mx-auto flex max-w-3xl flex-col gap-4 px-4 py-6">
        {items.length === 0 && <p className="text-center text-sm text-zinc-500">No messages yet. Say hello.</p>}
        {items.map((item) => (
          <Item key={item.id} item={item} sessionId={sessionId} />
        ))}
      </div>
    </div>
  );
}
