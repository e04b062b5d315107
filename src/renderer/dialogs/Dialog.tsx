import { useEffect, useRef, type ReactNode } from 'react';

/** A modal built on <dialog>: Escape and the close button both call onClose. */
export function Dialog(props: {
  title: string;
  onClose(): void;
  children: ReactNode;
  wide?: boolean;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current!;
    dialog.showModal();
    return () => dialog.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className={`dialog${props.wide ? ' wide' : ''}`}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
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
