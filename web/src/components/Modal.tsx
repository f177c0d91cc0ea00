// A dialog over the page: a dimmed backdrop, Escape and the backdrop close it, focus
// starts inside, Tab stays inside, and focus goes back to where it was on close. Used by
// the new-session dialog, the image viewer and the connection details.
import { useEffect, useRef, useState, type ReactNode } from 'react';

interface Props {
  label: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
}

const focusable = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Tab from the last control goes to the first, Shift+Tab from the first to the last. */
export function keepTabInside(box: HTMLElement, e: KeyboardEvent): void {
  const items = [...box.querySelectorAll<HTMLElement>(focusable)];
  const first = items[0];
  const last = items.at(-1);
  if (!first || !last) return;
  const active = document.activeElement;
  if (e.shiftKey && (active === first || active === box)) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (active === last || !box.contains(active))) {
    e.preventDefault();
    first.focus();
  }
}

export function Modal({ label, onClose, children, className = '' }: Props) {
  const box = useRef<HTMLDivElement>(null);
  // Whatever had focus before (the button that opened the dialog) gets it back on close;
  // read at the first render, before a field inside takes focus with autoFocus.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
      if (e.key === 'Tab' && box.current) keepTabInside(box.current, e);
    };
    window.addEventListener('keydown', onKey);
    return () => { window.removeEventListener('keydown', onKey); };
  }, [onClose]);
  useEffect(() => {
    // Focus the first field unless something inside took focus already (autoFocus).
    if (box.current && !box.current.contains(document.activeElement)) box.current.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, [opener]);
  return (
    // The backdrop: a press on it (not on the dialog) closes, as Escape does from the keyboard.
    <div
      role="presentation"
      className="fixed inset-0 z-40 flex items-center justify-center bg-black/40 p-3"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div
        ref={box}
        role="dialog"
        aria-modal="true"
        aria-label={label}
        tabIndex={-1}
        className={`max-h-full overflow-y-auto rounded-xl border border-zinc-200 bg-white text-zinc-900 shadow-xl focus:outline-none dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100 ${className}`}
      >
        {children}
      </div>
    </div>
  );
}
