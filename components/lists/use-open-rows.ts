'use client';

import { useState } from 'react';

/** The rows whose detail row is open, by key: a caret button toggles one. */
export function useOpenRows() {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());

  function change(key: string, to: boolean | 'toggle') {
    setOpen((old) => {
      const next = new Set(old);
      if (to === true || (to === 'toggle' && !next.has(key))) next.add(key);
      else next.delete(key);
      return next;
    });
  }

  return {
    open,
    toggle: (key: string) => change(key, 'toggle'),
    show: (key: string) => change(key, true),
    hide: (key: string) => change(key, false),
  };
}
