// Runs a task every `everyMs` while the page is visible, and once at once when it
// becomes visible again; never while hidden (a background tab asks the server nothing).
// Used to keep the sessions list fresh: which sessions run, which wait for the user.
// Returns a disposer.

export function whileVisible(task: () => void, everyMs: number, doc: Document = document): () => void {
  let timer: ReturnType<typeof setInterval> | null = null;
  const stop = () => {
    if (timer !== null) clearInterval(timer);
    timer = null;
  };
  const start = () => {
    stop();
    timer = setInterval(task, everyMs);
  };
  const onVisibility = () => {
    if (doc.visibilityState === 'visible') {
      task();
      start();
    } else {
      stop();
    }
  };
  doc.addEventListener('visibilitychange', onVisibility);
  if (doc.visibilityState === 'visible') start();
  return () => {
    stop();
    doc.removeEventListener('visibilitychange', onVisibility);
  };
}
