import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { ERROR_TOAST_VISIBLE_MS, TOAST_VISIBLE_MS } from '../app/settings';

/** Short notices in a corner ("Saved as v3", "Cannot connect: ..."); they leave by themselves. */

type ToastKind = 'info' | 'success' | 'error';

interface Toast {
  readonly id: number;
  readonly kind: ToastKind;
  readonly text: string;
}

type Notify = (kind: ToastKind, text: string) => void;

const ToastContext = createContext<Notify>(() => undefined);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<readonly Toast[]>([]);
  const notify = useCallback<Notify>((kind, text) => {
    const id = Date.now() + Math.random();
    setToasts((current) => [...current, { id, kind, text }]);
    window.setTimeout(() => setToasts((current) => current.filter((toast) => toast.id !== id)), kind === 'error' ? ERROR_TOAST_VISIBLE_MS : TOAST_VISIBLE_MS);
  }, []);
  const value = useMemo(() => notify, [notify]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast-${toast.kind}`}>
            {toast.text}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): Notify {
  return useContext(ToastContext);
}
