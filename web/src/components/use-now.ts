// The current time, re-read every `intervalMs` while `active`: for countdowns such as
// "Reconnecting 2/5 in 4 s". Idle when inactive, so a calm page does not re-render.
import { useEffect, useState } from 'react';

export function useNow(active: boolean, intervalMs = 250): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    // The first tick comes at once (a timeout of 0), not a full interval late.
    const first = setTimeout(() => { setNow(Date.now()); }, 0);
    const timer = setInterval(() => { setNow(Date.now()); }, intervalMs);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [active, intervalMs]);
  return now;
}
