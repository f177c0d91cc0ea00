// The connection ids this tab was given (connection_status), kept in the tab's
// sessionStorage: a permission prompt answered here says "this tab" also after a
// reconnect or a reload, while another tab of the same browser has its own list.
const key = 'tether.ownConnections';
/** Enough for a long day of reconnects; the oldest go first. */
const MAX_IDS = 50;

export function loadOwnConnectionIds(): string[] {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(key) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return []; // unreadable or disabled: this page's ids are still known in memory
  }
}

/** The list with `id` added (last), at most MAX_IDS long. */
export function withConnectionId(ids: readonly string[], id: string): string[] {
  return [...ids.filter((known) => known !== id), id].slice(-MAX_IDS);
}

export function saveOwnConnectionIds(ids: readonly string[]): void {
  try {
    sessionStorage.setItem(key, JSON.stringify(ids));
  } catch {
    // Not kept across a reload: only the label of an earlier answer suffers.
  }
}
