// Labelled form controls: every input has a visible label, its hint and error tied to it by aria-describedby.
import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

/** Class names shared by text inputs, selects and text areas. */
export const controlClass =
  'w-full rounded-md border border-line bg-panel px-3 py-2 text-sm text-fg placeholder:text-muted aria-[invalid=true]:border-danger disabled:opacity-60';

interface FieldFrame {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  /** Hides the label visually (still read by screen readers). */
  isLabelHidden?: boolean;
}

function Frame({ id, label, hint, error, isLabelHidden, children }: FieldFrame & { id: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className={isLabelHidden ? 'sr-only' : 'text-sm font-medium'}>
        {label}
      </label>
      {children}
      {hint && !error && (
        <p id={`${id}-hint`} className="text-xs text-muted">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} role="alert" className="text-xs text-danger">
          {error}
        </p>
      )}
    </div>
  );
}

function describedBy(id: string, hint: ReactNode, error: string | null | undefined): string | undefined {
  if (error) return `${id}-error`;
  return hint ? `${id}-hint` : undefined;
}

/** A labelled text input. */
export function TextField({ label, hint, error, isLabelHidden, id: givenId, className = '', ...rest }: FieldFrame & InputHTMLAttributes<HTMLInputElement>) {
  const autoId = useId();
  const id = givenId ?? autoId;
  return (
    <Frame id={id} label={label} hint={hint} error={error} isLabelHidden={isLabelHidden}>
      <input id={id} className={`${controlClass} ${className}`} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...rest} />
    </Frame>
  );
}

/** A labelled select. */
export function SelectField({ label, hint, error, isLabelHidden, id: givenId, children, className = '', ...rest }: FieldFrame & SelectHTMLAttributes<HTMLSelectElement>) {
  const autoId = useId();
  const id = givenId ?? autoId;
  return (
    <Frame id={id} label={label} hint={hint} error={error} isLabelHidden={isLabelHidden}>
      <select id={id} className={`${controlClass} ${className}`} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...rest}>
        {children}
      </select>
    </Frame>
  );
}

/** A labelled text area. */
export function TextAreaField({ label, hint, error, isLabelHidden, id: givenId, className = '', ...rest }: FieldFrame & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const autoId = useId();
  const id = givenId ?? autoId;
  return (
    <Frame id={id} label={label} hint={hint} error={error} isLabelHidden={isLabelHidden}>
      <textarea id={id} className={`${controlClass} ${className}`} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...rest} />
    </Frame>
  );
}

/** A labelled checkbox. */
export function CheckboxField({ label, hint, id: givenId, ...rest }: { label: ReactNode; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  const autoId = useId();
  const id = givenId ?? autoId;
  return (
    <div className="flex items-start gap-2">
      <input id={id} type="checkbox" className="mt-0.5 size-4 accent-[var(--xcr-accent)]" aria-describedby={hint ? `${id}-hint` : undefined} {...rest} />
      <div>
        <label htmlFor={id} className="text-sm">
          {label}
        </label>
        {hint && (
          <p id={`${id}-hint`} className="text-xs text-muted">
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}
