// The setting "Theme": light, dark, or the system's, as three radio buttons drawn as one
// segmented control (each invisible radio covers its label, so a click lands on it).
// Remembered in this browser; shown at once.
import { useState } from 'react';
import { rememberTheme, rememberedTheme } from '../lib/preferences';
import { showTheme, themeChoices, type ThemeChoice } from '../lib/theme';

const labels: Record<ThemeChoice, string> = { light: 'Light', dark: 'Dark', system: 'System' };

export function ThemeSetting() {
  const [choice, setChoice] = useState<ThemeChoice>(rememberedTheme);
  const choose = (next: ThemeChoice) => {
    setChoice(next);
    rememberTheme(next);
    showTheme(next);
  };
  return (
    <fieldset className="flex items-center justify-between gap-2 text-xs" data-testid="theme-setting">
      <legend className="float-left">Theme</legend>
      <div className="flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700">
        {themeChoices.map((value) => (
          <label
            key={value}
            className="relative cursor-pointer rounded px-2 py-0.5 text-zinc-600 has-checked:bg-zinc-200 has-checked:font-medium has-checked:text-zinc-900 has-focus-visible:outline-2 has-focus-visible:outline-blue-500 dark:text-zinc-300 dark:has-checked:bg-zinc-700 dark:has-checked:text-zinc-50"
          >
            <input type="radio" name="theme" value={value} checked={choice === value} onChange={() => { choose(value); }} className="absolute inset-0 cursor-pointer appearance-none rounded" />
            {labels[value]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
