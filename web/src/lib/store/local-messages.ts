// Changes to a message that has not left this page yet (held in the outbox): cancelled,
// it goes from the timeline; edited, its text changes. Only a user message sent from
// here (it has a delivery mark) is touched.
import type { SessionView, UserItem } from './timeline';

function ownAt(view: SessionView, id: string): number {
  return view.items.findIndex((item) => item.kind === 'user' && item.id === id && item.delivery !== undefined);
}

export function removeLocalMessage(view: SessionView, id: string): SessionView {
  const at = ownAt(view, id);
  if (at < 0) return view;
  return { ...view, items: view.items.filter((_, i) => i !== at) };
}

export function retextLocalMessage(view: SessionView, id: string, text: string): SessionView {
  const at = ownAt(view, id);
  const item = view.items[at] as UserItem | undefined;
  if (!item || item.text === text) return view;
  const items = [...view.items];
  items[at] = { ...item, text };
  return { ...view, items };
}
