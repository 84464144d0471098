import { useId } from 'preact/hooks';
import { Field } from './Field';
import { StrengthMeter } from './StrengthMeter';
import type { NewPassphrase } from './passphraseRules';
import { secretFieldAttrs } from './secret-field';

export { newPassphraseErrors, type NewPassphrase } from './passphraseRules';

interface NewPassphraseFieldsProps {
  value: NewPassphrase;
  onChange: (value: NewPassphrase) => void;
  errors: { passphrase?: string | undefined; confirm?: string | undefined };
  label?: string;
}

/** New passphrase + confirmation, with the strength hint under the first field. */
export function NewPassphraseFields({ value, onChange, errors, label = 'Vault passphrase' }: NewPassphraseFieldsProps) {
  const uid = useId();
  const meterId = `${uid}-strength`;
  // preact 11 types inputs per `type`: a password and a text field take the same attributes here.
  const { type: fieldType, ...masked } = secretFieldAttrs('new-password');
  // A mismatch is said as soon as the confirmation is as long as the passphrase, not on every keystroke before.
  const liveMismatch = value.confirm.length >= value.passphrase.length && value.confirm !== '' && value.confirm !== value.passphrase;
  const confirmError = errors.confirm ?? (liveMismatch ? 'The two passphrases are not the same.' : null);
  return (
    <>
      <Field label={label} error={errors.passphrase}>
        {({ id, describedBy, invalid }) => (
          <>
            <input
              id={id}
              type={fieldType as 'text'}
              {...masked}
              name="new-passphrase"
              value={value.passphrase}
              onInput={(e) => onChange({ ...value, passphrase: e.currentTarget.value })}
              aria-invalid={invalid || undefined}
              aria-describedby={[meterId, describedBy].filter(Boolean).join(' ')}
              data-testid="new-passphrase"
            />
            <StrengthMeter passphrase={value.passphrase} id={meterId} />
          </>
        )}
      </Field>
      <Field label="Confirm passphrase" error={confirmError}>
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            type={fieldType as 'text'}
            {...masked}
            name="confirm-passphrase"
            value={value.confirm}
            onInput={(e) => onChange({ ...value, confirm: e.currentTarget.value })}
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
            data-testid="confirm-passphrase"
          />
        )}
      </Field>
    </>
  );
}
