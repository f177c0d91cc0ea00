// An on/off setting: a button with role="switch" (Space and Enter toggle it, as any
// button), named by its <label> (clicking the words toggles it too) and described by the
// line under them. The state is shown by the knob's place and colour and read out as
// checked / not checked.
import { useId } from 'react';

interface Props {
  label: string;
  description?: string;
  checked: boolean;
  onChange: (on: boolean) => void;
}

export function Switch({ label, description, checked, onChange }: Props) {
  const id = useId();
  return (
    <div className="flex items-start justify-between gap-4">
      <div className="min-w-0">
        <label id={`${id}-label`} htmlFor={id} className="cursor-pointer font-medium">
          {label}
        </label>
        {description && (
          <p id={`${id}-description`} className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
            {description}
          </p>
        )}
      </div>
      <button
        id={id}
        type="button"
        role="switch"
        aria-checked={checked}
        aria-labelledby={`${id}-label`}
        aria-describedby={description ? `${id}-description` : undefined}
        onClick={() => { onChange(!checked); }}
        className={`relative mt-0.5 inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-500 ${checked ? 'bg-blue-600' : 'bg-zinc-300 dark:bg-zinc-600'}`}
      >
        <span aria-hidden="true" className={`inline-block h-5 w-5 rounded-full bg-white shadow transition-transform ${checked ? 'translate-x-5.5' : 'translate-x-0.5'}`} />
      </button>
    </div>
  );
}
