import type { ButtonHTMLAttributes } from 'react';

/** Visual weight of a button. */
export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';

const variants: Record<ButtonVariant, string> = {
  primary: 'bg-accent text-accent-fg hover:opacity-90 border border-transparent',
  secondary: 'bg-panel text-fg border border-line hover:bg-sunken',
  danger: 'bg-danger text-white dark:text-slate-950 border border-transparent hover:opacity-90',
  ghost: 'bg-transparent text-fg border border-transparent hover:bg-sunken',
};

/** Class names of a button, for anchors styled as buttons. */
export function buttonClass(variant: ButtonVariant = 'secondary', size: 'sm' | 'md' = 'md'): string {
  const sizing = size === 'sm' ? 'px-2.5 py-1 text-sm' : 'px-3.5 py-2 text-sm';
  return `inline-flex items-center justify-center gap-1.5 rounded-md font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-50 ${sizing} ${variants[variant]}`;
}

/** A button; `type` defaults to "button" so it never submits a form by accident. */
export function Button({
  variant = 'secondary',
  size = 'md',
  className = '',
  type = 'button',
  isBusy = false,
  children,
  disabled,
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant; size?: 'sm' | 'md'; isBusy?: boolean }) {
  return (
    <button type={type} className={`${buttonClass(variant, size)} ${className}`} disabled={disabled || isBusy} aria-busy={isBusy || undefined} {...rest}>
      {isBusy && <span aria-hidden="true" className="size-3.5 animate-spin rounded-full border-2 border-current border-t-transparent" />}
      {children}
    </button>
  );
}
