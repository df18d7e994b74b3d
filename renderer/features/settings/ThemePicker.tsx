import type { Theme } from '../../../shared/model/settings';
import { READ_ONLY_HINT, useReadOnly } from '../../state/session-store';
import { useSettings } from '../../state/settings-store';

const choices: { value: Theme; label: string }[] = [
  { value: 'system', label: 'Follow the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function ThemePicker() {
  const theme = useSettings((s) => s.settings.theme);
  const saving = useSettings((s) => s.saving);
  const setTheme = useSettings((s) => s.setTheme);
  const readOnly = useReadOnly();
  return (
    <section className="section" aria-labelledby="theme-title">
      <h2 id="theme-title">Appearance</h2>
      <div className="segmented" role="group" aria-label="Theme" data-testid="theme-picker">
        {choices.map((choice) => (
          <button
            key={choice.value}
            type="button"
            aria-pressed={theme === choice.value}
            disabled={readOnly || saving}
            title={readOnly ? READ_ONLY_HINT : undefined}
            onClick={() => void setTheme(choice.value)}
            data-testid={`theme-${choice.value}`}
          >
            {choice.label}
          </button>
        ))}
      </div>
      {readOnly ? <p className="muted">{READ_ONLY_HINT}: settings cannot be changed.</p> : null}
    </section>
  );
}
