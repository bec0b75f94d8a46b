import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';

export interface MenuItem {
  id: string;
  label: string;
  onSelect(): void | Promise<unknown>;
  disabled?: boolean;
  /** Said in the item itself once it is done (e.g. "Copied ✓"), before the menu closes. */
  done?: string;
  /** A key equivalent to show at the right, e.g. "⌘Q". */
  shortcut?: string;
}

/** Groups of items, separated by a line (as a macOS menu's groups are). */
export type MenuGroups = ReadonlyArray<ReadonlyArray<MenuItem>>;

const DONE_MS = 900;

/**
 * The popover's "⋯" menu: a button that opens a menu over the content (it takes no room, so
 * nothing moves), with the keyboard of a native menu: arrows, Home/End, Return, Escape.
 */
export function MoreMenu({ groups }: { groups: MenuGroups }) {
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const menuId = useId();

  const items = () => [...(menu.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not([disabled])') ?? [])];

  const close = (refocus: boolean) => {
    setOpen(false);
    setDone(null);
    if (refocus) button.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    items()[0]?.focus();
    const outside = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node) && !button.current?.contains(event.target as Node)) close(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const select = (item: MenuItem) => {
    const result = item.onSelect();
    if (!item.done) {
      close(true);
      return;
    }
    void Promise.resolve(result).then(() => {
      setDone(item.id);
      setTimeout(() => close(true), DONE_MS);
    });
  };

  const keys = (event: KeyboardEvent<HTMLDivElement>) => {
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    const go = (index: number) => all[(index + all.length) % all.length]?.focus();
    if (event.key === 'ArrowDown') go(at + 1);
    else if (event.key === 'ArrowUp') go(at - 1);
    else if (event.key === 'Home') go(0);
    else if (event.key === 'End') go(all.length - 1);
    else if (event.key === 'Escape') close(true);
    else if (event.key === 'Tab') close(false);
    else return;
    // Escape closes the menu, not the popover.
    event.preventDefault();
  };

  return (
    <div className="more">
      <button
        ref={button}
        type="button"
        className="icon-button more-button"
        aria-label="More"
        title="More"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close(false) : setOpen(true))}
      >
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
          <circle cx="3.5" cy="8" r="1.3" className="icon-fill" />
          <circle cx="8" cy="8" r="1.3" className="icon-fill" />
          <circle cx="12.5" cy="8" r="1.3" className="icon-fill" />
        </svg>
      </button>
      {open && (
        <div ref={menu} id={menuId} className="menu" role="menu" aria-label="More" onKeyDown={keys}>
          {groups
            .filter((group) => group.length > 0)
            .map((group, g) => (
              <div key={g} role="group" className="menu-group">
                {group.map((item) => (
                  <button key={item.id} type="button" role="menuitem" className="menu-item" data-id={item.id} disabled={item.disabled} onClick={() => select(item)}>
                    <span>{done === item.id ? item.done : item.label}</span>
                    {item.shortcut && <span className="menu-shortcut">{item.shortcut}</span>}
                  </button>
                ))}
              </div>
            ))}
        </div>
      )}
    </div>
  );
}
