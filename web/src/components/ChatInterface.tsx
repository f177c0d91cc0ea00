// The conversation of one session: the message list, the line that says what the
// running turn does, and the composer, with the session's slash commands (asked from
// the CLI for its folder, cached per folder), a warning when the session's folder is
// gone, and a refusal when the outbox of messages waiting to be sent is full.
import { useEffect } from 'react';
import type { SlashCommand } from '../types/websocket';
import { useClaudeStore } from '../lib/store/claude-store';
import { cancelReply, sendMessage } from '../lib/store/claude-actions';
import { ensureCapabilities } from '../lib/store/workspace-actions';
import { roomFor } from '../lib/claude/outbox-bound';
import { Composer } from './Composer';
import { MessageList } from './MessageList';
import { TurnActivityLine } from './TurnActivityLine';

const none: SlashCommand[] = [];

export function ChatInterface({ sessionId }: { sessionId: string }) {
  const running = useClaudeStore((s) => s.views[sessionId]?.status === 'running');
  const cwd = useClaudeStore((s) => s.sessions.find((x) => x.id === sessionId)?.cwd);
  const folderMissing = useClaudeStore((s) => s.sessions.find((x) => x.id === sessionId)?.cwdExists === false);
  const outbox = useClaudeStore((s) => s.outbox);
  const refused = useClaudeStore((s) => s.outboxRefusal);
  const room = roomFor(outbox, 0);
  const commands = useClaudeStore((s) => {
    const entry = cwd ? s.capabilities[cwd] : undefined;
    return entry?.status === 'ready' ? entry.value.commands : none;
  });
  useEffect(() => {
    if (cwd) void ensureCapabilities(cwd);
  }, [cwd]);
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <MessageList sessionId={sessionId} />
      <TurnActivityLine sessionId={sessionId} />
      <Composer
        running={running}
        onSend={sendMessage}
        onStop={cancelReply}
        commands={commands}
        refusal={refused ?? (room.ok ? null : room.reason)}
        full={!room.ok}
        warning={folderMissing ? 'This session’s folder is gone, so Claude cannot work in it. Restore the folder, or start a new session in another project.' : null}
      />
    </div>
  );
}
