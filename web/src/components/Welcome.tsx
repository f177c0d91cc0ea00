// Shown while no session is chosen: where the conversations are, and how to start one.
export function Welcome({ onNew, onBrowse }: { onNew: () => void; onBrowse: () => void }) {
  return (
    <div className="flex flex-1 flex-col items-center justify-center gap-3 p-6 text-center" data-testid="welcome">
      <p className="max-w-sm text-sm text-zinc-600 dark:text-zinc-400">
        Your projects and Claude Code conversations are in the sidebar: open one to read and continue it, or start a new session in any project.
      </p>
      <div className="flex gap-2">
        <button type="button" onClick={onBrowse} className="rounded-md border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 md:hidden dark:border-zinc-700 dark:hover:bg-zinc-800">
          Show conversations
        </button>
        <button type="button" onClick={onNew} className="rounded-md bg-blue-600 px-3 py-1 text-sm font-medium text-white hover:bg-blue-700">
          New session
        </button>
      </div>
    </div>
  );
}
