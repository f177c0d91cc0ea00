// When a message was sent or a reply ended: relative ("2 min ago"), kept current, with
// the exact local time on hover.
import { exactTime, relativeTime } from '../lib/relative-time';
import { useNow } from './use-now';

const MINUTE = 60_000;

export function MessageTime({ at }: { at: string | undefined }) {
  const now = useNow(at !== undefined, MINUTE);
  const text = relativeTime(at, now);
  if (!at || !text) return null;
  return (
    <time dateTime={at} title={exactTime(at)}>
      {text}
    </time>
  );
}
