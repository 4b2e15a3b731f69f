'use client';

import { usePathname } from 'next/navigation';
import { useEffect, useRef, useState, type FocusEvent, type ReactNode } from 'react';

const menuId = 'console-menu';

/**
 * The top bar's navigation and account controls. From 768 px up they sit in the bar; narrower, they fold
 * into a Menu button (a disclosure, as in the WAI-ARIA navigation example): Escape, a tap outside, Tab
 * past its last item or choosing a page closes it.
 */
export function ConsoleMenu({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const [openedOn, setOpenedOn] = useState(pathname);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  // A new page closes the menu (state adjusted while rendering, as React recommends over an effect).
  if (openedOn !== pathname) {
    setOpenedOn(pathname);
    setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      const hadFocus = root.current?.contains(document.activeElement) ?? false;
      setOpen(false);
      if (hadFocus) button.current?.focus();
    };
    const onPointerDown = (event: PointerEvent) => {
      if (event.target instanceof Node && !root.current?.contains(event.target)) setOpen(false);
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('pointerdown', onPointerDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('pointerdown', onPointerDown);
    };
  }, [open]);

  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    const next = event.relatedTarget;
    if (open && next instanceof Node && !event.currentTarget.contains(next)) setOpen(false);
  };

  return (
    <div className="topbar-menu-root" ref={root} onBlur={onBlur}>
      <button
        ref={button}
        type="button"
        className="button menu-button"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((was) => !was)}
      >
        <span className="menu-icon" aria-hidden="true" />
        Menu
      </button>
      <div id={menuId} className="topbar-menu" data-open={open}>
        {children}
      </div>
    </div>
  );
}
