// Tabs with the keyboard behaviour people expect: arrows move between tabs, Home/End jump, the panel is labelled.
import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

/** One tab. */
export interface TabItem<K extends string> {
  key: K;
  label: ReactNode;
}

/** A tab list controlling one panel. */
export function Tabs<K extends string>({ items, active, onChange, label, children }: { items: ReadonlyArray<TabItem<K>>; active: K; onChange: (key: K) => void; label: string; children: ReactNode }) {
  const baseId = useId();
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>, index: number): void {
    let next = -1;
    if (event.key === 'ArrowRight') next = (index + 1) % items.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + items.length) % items.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = items.length - 1;
    if (next < 0) return;
    event.preventDefault();
    onChange(items[next]!.key);
    refs.current[next]?.focus();
  }
  return (
    <div>
      <div role="tablist" aria-label={label} className="flex flex-wrap gap-1 border-b border-line">
        {items.map((item, index) => {
          const isActive = item.key === active;
          return (
            <button
              key={item.key}
              ref={(el) => {
                refs.current[index] = el;
              }}
              id={`${baseId}-tab-${item.key}`}
              role="tab"
              type="button"
              aria-selected={isActive}
              aria-controls={`${baseId}-panel`}
              tabIndex={isActive ? 0 : -1}
              onClick={() => onChange(item.key)}
              onKeyDown={(e) => onKeyDown(e, index)}
              className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${isActive ? 'border-accent text-fg' : 'border-transparent text-muted hover:text-fg'}`}
            >
              {item.label}
            </button>
          );
        })}
      </div>
      <div id={`${baseId}-panel`} role="tabpanel" aria-labelledby={`${baseId}-tab-${active}`} className="pt-4">
        {children}
      </div>
    </div>
  );
}
