import { useState, type FormEvent } from 'react';
import { errorMessage } from '../ui/ErrorText';
import { useToast } from '../ui/Toasts';

/** An action of a schedules or batches page: its outcome as a notice, then the page read again. */
export function useActions(reload: () => void): (work: Promise<unknown>, done: string) => void {
  const notify = useToast();
  return (work, done) =>
    void work.then(
      () => {
        notify('success', done);
        reload();
      },
      (failure: unknown) => notify('error', errorMessage(failure)),
    );
}

export type BuiltBody<Field extends string> = { ok: true; body: Record<string, unknown> } | { ok: false; field: Field; message: string };

/**
 * A create dialog's submit: the form built into a body (or the first wrong field named), then
 * `create`; while it goes the button is busy, and a refusal is shown as the coordinator said it.
 */
export function useCreateForm<Field extends string, Created>(build: () => BuiltBody<Field>, create: (body: Record<string, unknown>) => Promise<Created>, onCreated: (created: Created) => void) {
  const [fieldError, setFieldError] = useState<{ field: Field; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const built = build();
    if (!built.ok) return setFieldError({ field: built.field, message: built.message });
    setFieldError(null);
    setBusy(true);
    setError(null);
    create(built.body).then(onCreated, (failure: unknown) => {
      setBusy(false);
      setError(errorMessage(failure));
    });
  };
  const errorOf = (field: Field) => (fieldError?.field === field ? fieldError.message : undefined);
  return { submit, errorOf, busy, error, setError };
}
