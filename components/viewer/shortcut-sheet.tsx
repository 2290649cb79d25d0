'use client';

import { Fragment, useEffect, useId, useRef, type KeyboardEvent } from 'react';

export interface ShortcutItem {
  /** Keys pressed together, e.g. ['Shift', '1']. */
  keys: string[];
  description: string;
}

export interface ShortcutGroup {
  title: string;
  items: ShortcutItem[];
}

export interface ShortcutSheetProps {
  open: boolean;
  onClose(): void;
  groups: readonly ShortcutGroup[];
  title?: string;
}

const focusable =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Keeps Tab and Shift+Tab cycling inside the dialog. */
function trapTab(e: KeyboardEvent<HTMLElement>, root: HTMLElement): void {
  const items = Array.from(root.querySelectorAll<HTMLElement>(focusable));
  const first = items[0];
  const last = items[items.length - 1];
  const active = document.activeElement;
  if (!first || !last) {
    e.preventDefault();
    root.focus();
  } else if (e.shiftKey && (active === first || active === root)) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && active === last) {
    e.preventDefault();
    first.focus();
  }
}

/** Modal list of keyboard shortcuts (the page opens it on '?'). Esc or a click outside closes it. */
export function ShortcutSheet({ open, onClose, groups, title = 'Keyboard shortcuts' }: ShortcutSheetProps) {
  const dialogRef = useRef<HTMLDivElement>(null);
  const titleId = useId();

  useEffect(() => {
    if (!open) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialogRef.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => previous?.focus();
  }, [open]);

  if (!open) return null;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    // Shortcuts of the page and the viewer must not act behind the modal.
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    } else if (e.key === 'Tab' && dialogRef.current) {
      trapTab(e, dialogRef.current);
    }
  };

  return (
    <div
      className="fixed inset-0 z-50 flex items-center justify-center bg-black/60 p-4"
      onMouseDown={(e) => e.target === e.currentTarget && onClose()}
    >
      <div
        ref={dialogRef}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
        className="max-h-full w-full max-w-lg overflow-auto rounded-lg bg-neutral-900 p-5 text-neutral-100 shadow-xl outline-none"
      >
        <div className="mb-4 flex items-center justify-between">
          <h2 id={titleId} className="text-base font-semibold">
            {title}
          </h2>
          <button
            type="button"
            data-autofocus
            onClick={onClose}
            aria-label="Close"
            className="rounded px-2 py-1 text-neutral-400 hover:bg-neutral-800 hover:text-white focus-visible:outline-2 focus-visible:outline-sky-400"
          >
            ×
          </button>
        </div>
        {groups.map((group) => (
          <section key={group.title} className="mb-4 last:mb-0" aria-label={group.title}>
            <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-neutral-400">{group.title}</h3>
            <dl className="grid grid-cols-[auto_1fr] items-center gap-x-4 gap-y-1.5 text-sm">
              {group.items.map((item) => (
                <Fragment key={`${item.keys.join('+')} ${item.description}`}>
                  <dt className="flex items-center gap-1">
                    {item.keys.map((key, i) => (
                      <Fragment key={key}>
                        {i > 0 && <span className="text-neutral-500">+</span>}
                        <kbd className="rounded border border-neutral-600 bg-neutral-800 px-1.5 py-0.5 font-mono text-xs">
                          {key}
                        </kbd>
                      </Fragment>
                    ))}
                  </dt>
                  <dd className="text-neutral-300">{item.description}</dd>
                </Fragment>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </div>
  );
}
