// The Changes tab: the project's git state (branch, head, ahead/behind its upstream) and
// the changed files grouped as `git status` does, Staged / Changes / Untracked /
// Conflicts; the file selected shows its diff drawn the way tool cards draw a change
// (DiffView's PatchView: both line numbers, a header per hunk; an untracked file as all
// added, as the server sends it). Refreshed by the button and whenever a turn of this session ends.
import { parsePatch } from 'diff';
import { useEffect, useMemo, useRef, useState } from 'react';
import { gitDiff, gitStatus } from '../lib/api/workbench-api';
import { branchSummary, flatChanges, groupChanges, groupTitle, isStagedDiff, statusLetter, stepChange, type ChangeEntry } from '../lib/git-changes';
import { useClaudeStore } from '../lib/store/claude-store';
import { lastFinishedReply } from '../lib/last-reply';
import { selectChange, useWorkbench } from '../lib/store/workbench-store';
import type { GitDiff } from '../lib/workbench-decode';
import { PatchView } from './DiffView';
import { Loading, ProblemBox, useFetched } from './workbench-common';

const small = 'rounded-md border border-zinc-300 px-1.5 py-0.5 text-xs hover:bg-zinc-100 disabled:opacity-40 dark:border-zinc-700 dark:hover:bg-zinc-800';

function DiffBody({ diff }: { diff: GitDiff }) {
  const files = useMemo(() => {
    try {
      return parsePatch(diff.diff);
    } catch {
      return null;
    }
  }, [diff.diff]);
  if (files === null) return <pre className="overflow-auto p-3 text-xs whitespace-pre">{diff.diff}</pre>;
  const shown = files.filter((f) => f.hunks.length > 0);
  return (
    <div className="space-y-2 p-3">
      {diff.truncated && (
        <p className="text-xs text-amber-700 dark:text-amber-400" data-testid="diff-truncated">
          This diff is too large: it is cut short.
        </p>
      )}
      {shown.length === 0 && (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">{diff.diff.includes('Binary files') ? 'A binary file changed: no lines to show.' : 'No line changes (a mode or type change only).'}</p>
      )}
      {shown.map((file, i) => (
        <PatchView key={`${file.newFileName ?? ''}${String(i)}`} hunks={file.hunks} />
      ))}
    </div>
  );
}

function DiffPane({ sessionId, entry, refresh }: { sessionId: string; entry: ChangeEntry; refresh: number }) {
  const staged = isStagedDiff(entry);
  const { state, retry } = useFetched(entry.key, (signal) => gitDiff(sessionId, { path: entry.file.path, staged }, signal), refresh);
  if (state.status === 'loading') return <Loading what="the diff" />;
  if (state.status === 'error') return <ProblemBox title={`The diff of ${entry.file.path} could not be read.`} problem={state.problem} onRetry={retry} />;
  return <DiffBody diff={state.value} />;
}

export function ChangesTab({ sessionId }: { sessionId: string }) {
  const finished = useClaudeStore((s) => lastFinishedReply(s.views[sessionId]?.items));
  const [refresh, setRefresh] = useState(0);
  const seen = useRef(finished);
  useEffect(() => {
    if (seen.current === finished) return;
    seen.current = finished;
    setRefresh((n) => n + 1);
  }, [finished]);
  const { state, retry, refreshing } = useFetched(sessionId, (signal) => gitStatus(sessionId, signal), refresh);
  const selectedKey = useWorkbench((s) => s.selectedChange[sessionId] ?? null);
  const files = state.status === 'ready' && state.value.repository ? state.value.files : null;
  const groups = useMemo(() => (files ? groupChanges(files) : []), [files]);
  const flat = useMemo(() => (files ? flatChanges(files) : []), [files]);
  const selected = flat.find((e) => e.key === selectedKey) ?? null;

  const toolbar = (
    <button type="button" className={small} onClick={() => { setRefresh((n) => n + 1); }} aria-busy={refreshing || undefined}>
      Refresh
    </button>
  );
  if (state.status === 'loading') return <Loading what="the changes" />;
  if (state.status === 'error') return <ProblemBox title="The git status could not be read." problem={state.problem} onRetry={retry} />;
  const status = state.value;
  if (!status.repository)
    return (
      <div className="flex items-start justify-between gap-2 px-3 py-3 text-sm text-zinc-600 dark:text-zinc-400">
        <p data-testid="not-a-repository">This project is not a git repository.</p>
        {toolbar}
      </div>
    );
  const { branch, head, tracking } = branchSummary(status);
  const previous = stepChange(flat, selectedKey, -1);
  const next = stepChange(flat, selectedKey, 1);
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-zinc-200 px-3 py-1.5 text-xs dark:border-zinc-800" data-testid="git-summary">
        <span className="font-semibold">
          <span className="sr-only">Branch </span>
          <span aria-hidden="true">⎇ </span>
          {branch}
        </span>
        {head && (
          <code className="text-zinc-500 dark:text-zinc-400" title="HEAD">
            {head}
          </code>
        )}
        {tracking && <span className="text-zinc-500 dark:text-zinc-400">{tracking}</span>}
        <span className="ml-auto">{toolbar}</span>
      </div>
      {status.truncated && (
        <p className="px-3 pt-1.5 text-xs text-amber-700 dark:text-amber-400" data-testid="status-truncated">
          Too many changes to list: only the first {status.files.length} are shown.
        </p>
      )}
      {groups.length === 0 ? (
        <p className="px-3 py-3 text-sm text-zinc-500 dark:text-zinc-400">No changes: the working tree is clean.</p>
      ) : (
        <div className={`overflow-auto border-b border-zinc-200 py-1 dark:border-zinc-800 ${selected ? 'max-h-[38%] shrink-0' : 'min-h-0 flex-1'}`}>
          {groups.map(({ group, entries }) => (
            <section key={group} aria-labelledby={`changes-${group}`} className="py-0.5">
              <h3 id={`changes-${group}`} className="px-3 py-0.5 text-[11px] font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
                {groupTitle[group]} <span className="font-normal">({entries.length})</span>
              </h3>
              <ul>
                {entries.map((entry) => {
                  const current = entry.key === selectedKey;
                  return (
                    <li key={entry.key}>
                      <button
                        type="button"
                        aria-current={current ? 'true' : undefined}
                        aria-label={`${entry.file.status}: ${entry.file.oldPath ? `${entry.file.oldPath} → ` : ''}${entry.file.path}`}
                        onClick={() => { selectChange(sessionId, current ? null : entry.key); }}
                        className={`flex w-full items-center gap-2 px-3 py-0.5 text-left text-xs hover:bg-zinc-100 dark:hover:bg-zinc-800/70 ${current ? 'bg-blue-50 dark:bg-blue-950/40' : ''}`}
                        data-testid="change-row"
                        data-path={entry.file.path}
                        data-group={group}
                      >
                        <span className="w-3 shrink-0 text-center font-mono font-semibold text-zinc-500 dark:text-zinc-400" title={entry.file.status}>
                          {statusLetter[entry.file.status]}
                        </span>
                        <span className="min-w-0 truncate font-mono">
                          {entry.file.oldPath ? `${entry.file.oldPath} → ` : ''}
                          {entry.file.path}
                        </span>
                      </button>
                    </li>
                  );
                })}
              </ul>
            </section>
          ))}
        </div>
      )}
      {selected && (
        <div className="flex min-h-0 flex-1 flex-col" data-testid="change-diff" data-path={selected.file.path}>
          <div className="flex items-center gap-2 border-b border-zinc-200 px-3 py-1.5 text-xs dark:border-zinc-800">
            <span className="min-w-0 flex-1 truncate font-mono font-semibold">
              {selected.file.path} <span className="font-sans font-normal text-zinc-500 dark:text-zinc-400">({groupTitle[selected.group].toLowerCase()})</span>
            </span>
            <button type="button" className={small} disabled={!previous} onClick={() => { if (previous) selectChange(sessionId, previous.key); }}>
              Previous file
            </button>
            <button type="button" className={small} disabled={!next} onClick={() => { if (next) selectChange(sessionId, next.key); }}>
              Next file
            </button>
          </div>
          <div className="min-h-0 flex-1 overflow-auto">
            <DiffPane key={selected.key} sessionId={sessionId} entry={selected} refresh={refresh} />
          </div>
        </div>
      )}
    </div>
  );
}
