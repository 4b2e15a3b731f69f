'use client';

import { useRef, type KeyboardEvent, type ReactNode } from 'react';

/** The tab an arrow, Home or End key moves to from `at`; -1 for any other key. */
function keyTarget(key: string, at: number, count: number, wrap: boolean): number {
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  const step = key === 'ArrowRight' ? 1 : key === 'ArrowLeft' ? -1 : 0;
  if (step === 0) return -1;
  return wrap ? (at + step + count) % count : Math.min(count - 1, Math.max(0, at + step));
}

/**
 * WAI-ARIA tabs and the panel of the chosen one (`children`): arrow keys, Home and End move between
 * the tabs and focus the one they reach. Ids are `{name}-tab-{id}` and `{name}-panel-{id}`.
 */
export function Tabs<T extends string>({
  name,
  label,
  tabs,
  tab,
  wrap = false,
  onChoose,
  children,
}: {
  name: string;
  label: string;
  tabs: readonly { id: T; label: string }[];
  tab: T;
  /** Arrows go round past the last tab to the first (and back). @defaultValue false: they stop at the ends */
  wrap?: boolean;
  onChoose: (next: T) => void;
  children: ReactNode;
}) {
  const refs = useRef<Partial<Record<T, HTMLButtonElement | null>>>({});

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const at = tabs.findIndex((t) => t.id === tab);
    const target = tabs[keyTarget(event.key, at, tabs.length, wrap)];
    if (!target) return;
    event.preventDefault();
    onChoose(target.id);
    refs.current[target.id]?.focus();
  }

  return (
    <>
      <div className="tabs" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              refs.current[t.id] = el;
            }}
            type="button"
            role="tab"
            id={`${name}-tab-${t.id}`}
            className="tab"
            aria-selected={tab === t.id}
            aria-controls={`${name}-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => onChoose(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${name}-panel-${tab}`}
        aria-labelledby={`${name}-tab-${tab}`}
        className="tab-panel"
      >
        {children}
      </div>
    </>
  );
}
