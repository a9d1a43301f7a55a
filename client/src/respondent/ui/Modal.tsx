/**
 * A modal dialog built on the browser's own <dialog>: showModal() keeps focus inside it, makes the page
 * behind it inert for touch, keyboard and screen readers, and puts it above everything else, which a
 * hand-made overlay would have to imitate. Escape calls `onCancel` instead of closing it behind React's
 * back.
 */
import { useEffect, useRef, type JSX, type ReactNode } from "react";

export interface ModalProps {
  /** id of the element that names the dialog. */
  labelledBy: string;
  describedBy?: string;
  onCancel: () => void;
  role?: "dialog" | "alertdialog";
  testId?: string;
  children: ReactNode;
}

/** Mount it to open it, unmount it to close it. */
export function Modal({ labelledBy, describedBy, onCancel, role = "dialog", testId, children }: ModalProps): JSX.Element {
  const ref = useRef<HTMLDialogElement>(null);
  const onCancelRef = useRef(onCancel);
  useEffect(() => {
    onCancelRef.current = onCancel;
  }, [onCancel]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    const cancel = (event: Event): void => {
      event.preventDefault();
      onCancelRef.current();
    };
    dialog.addEventListener("cancel", cancel);
    return () => {
      dialog.removeEventListener("cancel", cancel);
      if (dialog.open) dialog.close();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className="rs-modal"
      role={role === "alertdialog" ? "alertdialog" : undefined}
      aria-modal="true"
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      data-testid={testId}
    >
      {children}
    </dialog>
  );
}
