import { useEffect, useRef, useState } from 'react';

export interface MenuItem {
  label: string;
  shortcut?: string;
  run(): void;
  disabled?: boolean;
  /** A setting that is on (✓) or off. */
  checked?: boolean;
}

/** A menu-bar button with a drop-down list; closes on choice, Escape or a click elsewhere. */
export function Menu({ label, items }: { label: string; items: (MenuItem | 'separator')[] }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (
        e instanceof KeyboardEvent ? e.key === 'Escape' : !ref.current?.contains(e.target as Node)
      )
        setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);
  return (
    <div className="menu" ref={ref}>
      <button
        className={`menu-button${open ? ' open' : ''}`}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {label}
      </button>
      {open && (
        <ul className="menu-list" role="menu">
          {items.map((item, i) =>
            item === 'separator' ? (
              <li key={i} className="menu-separator" role="separator" />
            ) : (
              <li key={i} role="none">
                <button
                  role={item.checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
                  aria-checked={item.checked}
                  disabled={item.disabled}
                  onClick={() => {
                    setOpen(false);
                    item.run();
                  }}
                >
                  <span>
                    {item.checked !== undefined && (
                      <span className="menu-check">{item.checked ? '✓' : ''}</span>
                    )}
                    {item.label}
                  </span>
                  {item.shortcut && <kbd>{item.shortcut}</kbd>}
                </button>
              </li>
            ),
          )}
        </ul>
      )}
    </div>
  );
}
