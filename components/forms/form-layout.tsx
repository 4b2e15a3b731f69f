'use client';

import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';

export type FormPanelProps = {
  title: string;
  /**
   * Moves the focus to the title when the panel opens (a form that replaces the list).
   * @defaultValue false
   */
  focusTitle?: boolean;
  /** @defaultValue 'panel-title' */
  titleClassName?: string;
  children: ReactNode;
};

/** The panel a create/edit form sits in, named by its title. */
export function FormPanel({
  title,
  focusTitle = false,
  titleClassName = 'panel-title',
  children,
}: FormPanelProps) {
  const titleId = `${useId()}-title`;
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusTitle) titleRef.current?.focus();
  }, [focusTitle]);
  return (
    <section className="panel form-panel" aria-labelledby={titleId}>
      <h2 id={titleId} className={titleClassName} tabIndex={focusTitle ? -1 : undefined} ref={titleRef}>
        {title}
      </h2>
      {children}
    </section>
  );
}

/** The form's own message (errors no input shows), announced when it appears; nothing when empty. */
export function FormAlert({ messages, testId }: { messages: string | readonly string[]; testId?: string }) {
  const text = typeof messages === 'string' ? messages : messages.join(' ');
  if (!text) return null;
  return (
    <div className="form-alert" role="alert" data-testid={testId}>
      {text}
    </div>
  );
}

export type FormActionsProps = {
  /** The submit button's label. */
  label: string;
  pending: boolean;
  /** @defaultValue 'Saving…' */
  pendingLabel?: string;
  /** Shows a Cancel button. */
  onCancel?: () => void;
};

/** Submit (disabled while the request runs) and, for forms that can be closed, Cancel. */
export function FormActions({ label, pending, pendingLabel = 'Saving…', onCancel }: FormActionsProps) {
  return (
    <div className="form-actions">
      <button type="submit" className="button button-primary" disabled={pending}>
        {pending ? pendingLabel : label}
      </button>
      {onCancel && (
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      )}
    </div>
  );
}

/**
 * A create/edit form in its panel (the title takes the focus): the inputs (`children`), the form's own
 * message, what `footer` adds (a preview), then submit and Cancel.
 */
export function EditorForm({
  title,
  titleClassName,
  testId,
  onSubmit,
  messages,
  messagesTestId,
  footer,
  children,
  ...actions
}: Omit<FormPanelProps, 'focusTitle'> &
  FormActionsProps & {
    /** The form's `data-testid`. */
    testId: string;
    onSubmit: (event: FormEvent<HTMLFormElement>) => void;
    /** The form's own errors (those no input shows). */
    messages: string | readonly string[];
    messagesTestId: string;
    footer?: ReactNode;
  }) {
  return (
    <FormPanel title={title} titleClassName={titleClassName} focusTitle>
      <form className="metric-form" onSubmit={onSubmit} noValidate data-testid={testId}>
        {children}
        <FormAlert messages={messages} testId={messagesTestId} />
        {footer}
        <FormActions {...actions} />
      </form>
    </FormPanel>
  );
}
