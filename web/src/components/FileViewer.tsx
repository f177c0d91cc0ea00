// One file of the session's project: its path as a breadcrumb (each folder goes back to
// the tree there), its size, and its text (CodeView), or why it is not shown: binary,
// or larger than the server sends.
import { readFile } from '../lib/api/workbench-api';
import { formatBytes } from '../lib/code-lines';
import { CodeView } from './CodeView';
import { Loading, ProblemBox, useFetched } from './workbench-common';

interface Props {
  sessionId: string;
  path: string;
  /** Back to the tree, optionally showing a folder of the path. */
  onBack?: (folder: string | null) => void;
  /** Re-reads when it changes (Refresh, a finished turn). */
  refresh?: number;
}

export function FileViewer({ sessionId, path, onBack, refresh = 0 }: Props) {
  const { state, retry } = useFetched(`${sessionId}\n${path}`, (signal) => readFile(sessionId, path, signal), refresh);
  const parts = path.split('/');
  return (
    <div className="flex min-h-0 flex-1 flex-col" data-testid="file-viewer" data-path={path}>
      <div className="flex items-center gap-2 border-b border-zinc-200 px-3 py-1.5 text-xs dark:border-zinc-800">
        {onBack && (
          <button type="button" onClick={() => { onBack(null); }} className="shrink-0 rounded-md border border-zinc-300 px-1.5 py-0.5 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
            <span aria-hidden="true">← </span>All files
          </button>
        )}
        <nav aria-label="File path" className="min-w-0 flex-1 truncate font-mono" dir="rtl">
          <bdi dir="ltr">
            {parts.map((part, i) => {
              const last = i === parts.length - 1;
              const folder = parts.slice(0, i + 1).join('/');
              return (
                <span key={folder}>
                  {i > 0 && <span className="px-0.5 text-zinc-400" aria-hidden="true">/</span>}
                  {last || !onBack ? (
                    <span className={last ? 'font-semibold' : ''} aria-current={last ? 'page' : undefined}>
                      {part}
                    </span>
                  ) : (
                    <button type="button" className="hover:underline" onClick={() => { onBack(folder); }} aria-label={`Show folder ${folder}`}>
                      {part}
                    </button>
                  )}
                </span>
              );
            })}
          </bdi>
        </nav>
        {state.status === 'ready' && (
          <span className="shrink-0 text-zinc-500 dark:text-zinc-400" data-testid="file-size">
            {formatBytes(state.value.size)}
          </span>
        )}
      </div>
      {state.status === 'loading' && <Loading what={path} />}
      {state.status === 'error' && <ProblemBox title={`${path} could not be read.`} problem={state.problem} onRetry={retry} />}
      {state.status === 'ready' && state.value.kind === 'binary' && (
        <p className="px-3 py-3 text-sm text-zinc-600 dark:text-zinc-400" data-testid="file-note">
          Binary file ({formatBytes(state.value.size)}) — not shown.
        </p>
      )}
      {state.status === 'ready' && state.value.kind === 'tooLarge' && (
        <p className="px-3 py-3 text-sm text-zinc-600 dark:text-zinc-400" data-testid="file-note">
          Too large to show ({formatBytes(state.value.size)}
          {state.value.limit !== null ? `, limit ${formatBytes(state.value.limit)}` : ''}).
        </p>
      )}
      {state.status === 'ready' && state.value.kind === 'text' && <CodeView key={path} path={path} text={state.value.text} />}
    </div>
  );
}
