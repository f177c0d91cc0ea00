// The setting "Notify me when Claude Code asks for permission": a checkbox, remembered in
// this browser. Turning it on asks the browser for permission to notify; when the browser
// refuses (now or earlier), or has not been asked in this tab's browser yet, the setting
// says so beside it, since it cannot work then.
import { useState } from 'react';
import { notifyOnPermission, rememberNotifyOnPermission } from '../lib/preferences';
import type { NotificationAccess } from '../lib/permission-notification';

function currentAccess(): NotificationAccess {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

const problems: Partial<Record<NotificationAccess, string>> = {
  denied: 'Notifications are blocked for this site: allow them in the browser’s site settings.',
  default: 'The browser has not allowed notifications yet.',
  unsupported: 'This browser cannot show notifications here.',
};

export function NotificationSetting() {
  const [enabled, setEnabled] = useState(notifyOnPermission);
  const [access, setAccess] = useState<NotificationAccess>(currentAccess);
  const [asking, setAsking] = useState(false);

  const ask = async () => {
    if (typeof Notification === 'undefined') return;
    if (Notification.permission !== 'default') {
      setAccess(Notification.permission);
      return;
    }
    setAsking(true);
    try {
      setAccess(await Notification.requestPermission());
    } catch {
      setAccess(currentAccess());
    } finally {
      setAsking(false);
    }
  };

  const toggle = async (on: boolean) => {
    setEnabled(on);
    rememberNotifyOnPermission(on);
    if (on) await ask();
  };

  const problem = enabled && !asking ? problems[access] : undefined;
  return (
    <div className="text-xs" data-testid="notification-setting">
      <label className="flex cursor-pointer items-start gap-2">
        <input
          type="checkbox"
          checked={enabled}
          onChange={(e) => void toggle(e.target.checked)}
          aria-describedby={problem ? 'notification-setting-problem' : undefined}
          className="mt-0.5 h-3.5 w-3.5 shrink-0 accent-amber-600"
        />
        <span>Notify me when Claude Code asks for permission</span>
      </label>
      {asking && <p className="mt-1 pl-5.5 text-zinc-500 dark:text-zinc-400">Asking the browser…</p>}
      {problem && (
        <p id="notification-setting-problem" role="status" className="mt-1 pl-5.5 text-amber-700 dark:text-amber-400">
          {problem}
          {access === 'default' && (
            <>
              {' '}
              {/* The browser asks only in answer to a click: this one (the setting may come from another tab). */}
              <button type="button" onClick={() => void ask()} className="underline hover:no-underline">
                Ask the browser
              </button>
            </>
          )}
        </p>
      )}
    </div>
  );
}
