// The user's and the assistant's messages. A user message shows the images it carried
// (full size on click) and when it was sent (held, not sent yet: it can be edited or
// cancelled); the reply streams in as Markdown; a reply that ended early says why
// (cancelled, interrupted by a server stop, failed); a finished one says when, how long,
// how many tokens and what it cost (TurnFooter).
import { memo, useState } from 'react';
import { StopReason } from '../types/websocket';
import type { AssistantItem, UserItem } from '../lib/store/timeline';
import { useClaudeStore } from '../lib/store/claude-store';
import { ImageThumbnails } from './ImageThumbnails';
import { ImageViewer } from './ImageViewer';
import { Markdown } from './Markdown';
import { MessageTime } from './MessageTime';
import { QueuedMessageActions, QueuedMessageEditor } from './QueuedMessage';
import { TurnFooter } from './TurnFooter';

const deliveryLabel = { queued: 'queued', sent: 'sent', failed: 'not sent' } as const;

export const UserMessage = memo(function UserMessage({ item }: { item: UserItem }) {
  const [viewing, setViewing] = useState<number | null>(null);
  const shown = viewing === null ? undefined : item.images?.[viewing];
  // Held in this page, not sent yet: it can still be edited or cancelled.
  const held = useClaudeStore((s) => s.outbox.held.includes(item.id));
  const editing = useClaudeStore((s) => s.editingQueued === item.id) && held;
  return (
    <div className="flex flex-col items-end gap-1" data-testid="user-message" data-id={item.id}>
      {item.images && item.images.length > 0 && <ImageThumbnails images={item.images} onOpen={setViewing} testId="message-images" />}
      {shown && <ImageViewer image={shown} onClose={() => { setViewing(null); }} />}
      {editing ? (
        <QueuedMessageEditor item={item} />
      ) : (
        <div className="max-w-[85%] rounded-2xl rounded-br-sm bg-blue-600 px-3.5 py-2 whitespace-pre-wrap text-white [overflow-wrap:anywhere]">{item.text}</div>
      )}
      {(item.delivery !== undefined || Boolean(item.at)) && (
        <span className="mt-0.5 flex flex-wrap items-baseline justify-end gap-x-1.5 text-xs text-zinc-500 dark:text-zinc-400">
          <MessageTime at={item.at} />
          {item.delivery && item.at && <span aria-hidden="true">·</span>}
          {item.delivery && (
            <span className={item.delivery === 'failed' ? 'text-red-600 dark:text-red-400' : undefined} data-testid="delivery" data-delivery={item.delivery}>
              {deliveryLabel[item.delivery]}
              {item.error ? `: ${item.error}` : ''}
            </span>
          )}
          {held && !editing && <QueuedMessageActions item={item} />}
        </span>
      )}
    </div>
  );
});

const endings: Partial<Record<StopReason, string>> = {
  [StopReason.cancelled]: 'Stopped.',
  [StopReason.interrupted]: 'Interrupted: the server stopped before this reply was complete.',
  [StopReason.error]: 'The backend failed while replying.',
};

export const AssistantMessage = memo(function AssistantMessage({ item }: { item: AssistantItem }) {
  const ending = item.stopReason ? endings[item.stopReason] : undefined;
  const errorText = typeof item.detail?.error === 'string' ? item.detail.error : undefined;
  return (
    <div
      className="max-w-full"
      data-testid="assistant-message"
      data-request-id={item.requestId}
      data-streaming={item.streaming ? 'true' : 'false'}
      data-stop-reason={item.stopReason ?? ''}
    >
      <div data-testid="assistant-text">
        <Markdown text={item.text} streaming={item.streaming} />
      </div>
      {item.streaming && <span className="sr-only">Replying…</span>}
      {ending && (
        <p className="mt-1 text-xs text-amber-700 dark:text-amber-400" data-testid="stop-note">
          {ending}
          {errorText ? ` ${errorText}` : ''}
        </p>
      )}
      {item.stopReason !== undefined && <TurnFooter item={item} />}
    </div>
  );
});
