// The conversation of one session: the message list and the composer.
import { useClaudeStore } from '../lib/store/claude-store';
import { cancelReply, sendMessage } from '../lib/store/claude-actions';
import { Composer } from './Composer';
import { MessageList } from './MessageList';

export function ChatInterface({ sessionId }: { sessionId: string }) {
  const running = useClaudeStore((s) => s.views[sessionId]?.status === 'running');
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <MessageList sessionId={sessionId} />
      <Composer running={running} onSend={sendMessage} onStop={cancelReply} />
    </div>
  );
}
