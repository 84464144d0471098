import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';

interface DialogProps {
  title: string;
  /** The person asked to close it (Escape, or the browser closed it): the owner unmounts the dialog. */
  onClose: () => void;
  /** While an action runs the dialog cannot be closed: Escape does nothing, and a forced close reopens it. */
  busy?: boolean;
  /** What the dialog says; the dialog is described by it. */
  children: ComponentChildren;
  /** The buttons, below the description and not part of it. */
  actions?: ComponentChildren;
  testId?: string;
}

/**
 * A modal built on <dialog>: the browser traps focus, makes the page behind inert and closes on Escape.
 * Mount it to open it; focus goes back where it was when it unmounts.
 */
export function Dialog({ title, onClose, busy = false, children, actions, testId }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = `${titleId}-body`;
  const mounted = useRef(false);
  // The native events below may fire between renders: they read the latest props.
  const latest = useRef({ onClose, busy });
  latest.current = { onClose, busy };

  useEffect(() => {
    mounted.current = true;
    const opener = document.activeElement as HTMLElement | null;
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      mounted.current = false;
      if (opener && opener.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      data-testid={testId}
      onCancel={(e) => {
        // Escape: let the owner unmount us, so its state and the DOM agree.
        e.preventDefault();
        if (!latest.current.busy) latest.current.onClose();
      }}
      onClose={() => {
        // Browsers close a <dialog> without a cancelable `cancel` when Escape is pressed again with no other
        // input in between (Chrome's close-watcher rule), so `cancel` alone cannot keep it open. Once it has
        // closed: while busy, open it again (the action's outcome must stay on screen); otherwise tell the
        // owner, so a closed dialog is not left mounted with the page behind it still inert.
        if (!mounted.current) return;
        const dialog = ref.current;
        if (latest.current.busy) {
          if (dialog && dialog.isConnected && !dialog.open) dialog.showModal();
        } else latest.current.onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      <div id={bodyId} class="dialog-body">
        {children}
      </div>
      {actions}
    </dialog>
  );
}
