// A Claude Code conversation from the terminal, not yet opened in Tether: clicking it
// opens it as a session with its history, to read and continue.
import type { TranscriptInfo } from '../types/websocket';
import { openTranscript } from '../lib/store/claude-actions';
import { relativeTime } from '../lib/relative-time';
import { TerminalBadge } from './TerminalBadge';

export function TranscriptRow({ transcript, now, onPicked }: { transcript: TranscriptInfo; now: number; onPicked: () => void }) {
  const messages = transcript.messageCount === 1 ? '1 message' : `${transcript.messageCount} messages`;
  return (
    <button
      type="button"
      onClick={() => {
        void openTranscript(transcript.claudeSessionId);
        onPicked();
      }}
      className="flex w-full min-w-0 flex-col rounded-md px-2 py-1.5 text-left hover:bg-zinc-100 dark:hover:bg-zinc-900"
      data-testid="transcript-row"
      data-claude-session-id={transcript.claudeSessionId}
    >
      <span className="flex min-w-0 items-center gap-1.5 text-sm">
        <TerminalBadge />
        <span className="truncate">{transcript.title || 'Untitled conversation'}</span>
      </span>
      <span className="truncate text-xs text-zinc-500 dark:text-zinc-400">
        {relativeTime(transcript.lastActivity, now)} · {messages}
      </span>
    </button>
  );
}
