// A compact multi-choice filter: a button that opens a list of checkboxes. Nothing chosen means "all".
import { useEffect, useRef } from 'react';
import './multi-select.css';

export interface Choice<T extends string> {
  value: T;
  label: string;
}

export function MultiSelect<T extends string>({
  label,
  choices,
  selected,
  onChange,
  testId,
}: {
  label: string;
  choices: readonly Choice<T>[];
  selected: readonly T[];
  onChange: (next: T[]) => void;
  testId: string;
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  // Close when clicking elsewhere.
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      const details = ref.current;
      if (details?.open && !details.contains(event.target as Node)) details.open = false;
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, []);
  const summary = selected.length === 0 ? 'All' : selected.length <= 2 ? selected.map((v) => choices.find((c) => c.value === v)?.label ?? v).join(', ') : `${selected.length} chosen`;
  const toggle = (value: T, on: boolean) => {
    const set = new Set(selected);
    if (on) set.add(value);
    else set.delete(value);
    // Keep the order of the choices.
    onChange(choices.map((c) => c.value).filter((v) => set.has(v)));
  };
  return (
    <details className="multi" ref={ref} data-testid={testId}>
      <summary className={selected.length ? 'multi__summary multi__summary--active' : 'multi__summary'}>
        <span className="multi__label">{label}:</span> {summary}
      </summary>
      <div className="multi__menu" role="group" aria-label={label}>
        {choices.map((choice) => (
          <label key={choice.value} className="check-field multi__item">
            <input
              type="checkbox"
              checked={selected.includes(choice.value)}
              onChange={(event) => toggle(choice.value, event.target.checked)}
              data-testid={`${testId}-${choice.value}`}
            />
            {choice.label}
          </label>
        ))}
        {selected.length ? (
          <button type="button" className="button button--link multi__clear" onClick={() => onChange([])}>
            Clear
          </button>
        ) : null}
      </div>
    </details>
  );
}
