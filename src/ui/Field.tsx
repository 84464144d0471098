import type { ComponentChildren, VNode } from 'preact';
import { useId } from 'preact/hooks';
import { secretFieldAttrs } from './secret-field';

export interface FieldIds {
  id: string;
  /** ids of the hint and the error, for aria-describedby; undefined when there are none. */
  describedBy: string | undefined;
  invalid: boolean;
}

interface FieldProps {
  label: ComponentChildren;
  hint?: ComponentChildren;
  error?: string | null | undefined;
  /** Renders the control itself with the ids that tie it to its label, hint and error. */
  children: (ids: FieldIds) => VNode;
  class?: string;
}

/** A visible label, the control, a hint and an error sentence, wired together for assistive technology. */
export function Field({ label, hint, error, children, class: className }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${className ? ` ${className}` : ''}`}>
      <label for={id}>{label}</label>
      {children({ id, describedBy, invalid: !!error })}
      {hint && (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p class="error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}

interface TextFieldProps {
  label: ComponentChildren;
  value: string;
  onValue: (value: string) => void;
  hint?: ComponentChildren;
  error?: string | null | undefined;
  type?: 'text' | 'password' | 'url' | 'search' | 'number';
  name?: string;
  autoComplete?: string;
  placeholder?: string;
  mono?: boolean;
  required?: boolean;
  inputRef?: { current: HTMLInputElement | null };
  onBlur?: () => void;
  onKeyDown?: (e: KeyboardEvent) => void;
  inputMode?: 'numeric' | 'text' | 'url';
  class?: string;
  testId?: string;
}

export function TextField(props: TextFieldProps) {
  const secret = props.type === 'password' ? secretFieldAttrs(props.autoComplete ?? 'off') : null;
  return (
    <Field label={props.label} hint={props.hint} error={props.error} class={props.class}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          ref={props.inputRef}
          // preact 11 types inputs per `type`; every type used here accepts the same attributes.
          type={(secret?.type ?? props.type ?? 'text') as 'text'}
          name={props.name}
          value={props.value}
          onInput={(e) => props.onValue(e.currentTarget.value)}
          onBlur={props.onBlur}
          onKeyDown={props.onKeyDown}
          autoComplete={secret?.autoComplete ?? props.autoComplete ?? 'off'}
          onCopy={secret?.onCopy}
          onCut={secret?.onCut}
          placeholder={props.placeholder}
          spellcheck={false}
          autoCapitalize="off"
          inputMode={props.inputMode}
          required={props.required}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          class={[props.mono ? 'mono' : '', secret?.class ?? ''].filter(Boolean).join(' ') || undefined}
          data-testid={props.testId}
        />
      )}
    </Field>
  );
}

/** A sentence about something that failed, announced when it appears. */
export function ErrorText({ children, id }: { children: ComponentChildren; id?: string }) {
  if (!children) return null;
  return (
    <p class="error" role="alert" id={id}>
      {children}
    </p>
  );
}
