import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

/** What takes the focus when a dialog opens: its first field, else its main button. */
const firstFocus =
  '.dialog-body :is(input, select, textarea):not([disabled]), .dialog-body [data-primary]';

/**
 * A modal built on <dialog>. It opens with the focus in its first field (or on its main button),
 * Enter confirms (a form inside submits itself) and Escape or the close button cancel.
 */
export function Dialog(props: {
  title: string;
  onClose(): void;
  /** What Enter does outside a form; closing, when not given. */
  onConfirm?(): void;
  children: ReactNode;
  wide?: boolean;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current!;
    dialog.showModal();
    // showModal focuses the first focusable element, the close button; a field is what one wants.
    const first = dialog.querySelector<HTMLElement>(firstFocus);
    first?.focus();
    // A proposed name is replaced by what is typed.
    if (first instanceof HTMLInputElement) first.select();
    return () => dialog.close();
  }, []);
  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.key !== 'Enter' || e.defaultPrevented) return;
    const target = e.target as HTMLElement;
    // Buttons and forms handle their own Enter; a text area takes it as a new line.
    if (target.closest('form, button, textarea, select, a')) return;
    e.preventDefault();
    (props.onConfirm ?? props.onClose)();
  };
  return (
    <dialog
      ref={ref}
      className={`dialog${props.wide ? ' wide' : ''}`}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
      onKeyDown={onKeyDown}
      data-testid={props.testId}
    >
      <header>
        <h2>{props.title}</h2>
        <button className="icon-button" aria-label="Close" onClick={props.onClose}>
          ✕
        </button>
      </header>
      <div className="dialog-body">{props.children}</div>
    </dialog>
  );
}
