/** A key's duration as typed: a number and its unit (Create New Key, Rotate key), inside a Field that labels them. */
import type { DurationUnit } from './createForm';

interface DurationInputsProps {
  /** What the Field hands its control: the input's id and description, and whether it is in error. */
  field: { id: string; describedBy: string | undefined; invalid: boolean };
  value: string;
  unit: DurationUnit;
  onValue: (value: string) => void;
  onUnit: (unit: DurationUnit) => void;
  testId: string;
  /** Where a field error sends focus (CreateKeyForm's focusFirstError). */
  dataField?: string;
}

export function DurationInputs({ field, value, unit, onValue, onUnit, testId, dataField }: DurationInputsProps) {
  return (
    <div class="row-fields duration">
      <input
        id={field.id}
        type="text"
        inputMode="numeric"
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-invalid={field.invalid || undefined}
        aria-describedby={field.describedBy}
        data-field={dataField}
        data-testid={testId}
        autoComplete="off"
      />
      <select aria-label="Duration unit" value={unit} onChange={(e) => onUnit(e.currentTarget.value as DurationUnit)} data-testid={`${testId}-unit`}>
        <option value="days">days</option>
        <option value="seconds">seconds</option>
      </select>
    </div>
  );
}
