// A filters bar: labelled controls in a wrapping grid, applied on submit (Enter works in any field)
// and cleared with one button. Values stay in component state, never in the URL.
import type { ComponentChildren } from 'preact';

export function FiltersBar(props: {
  label: string;
  children: ComponentChildren;
  onApply(): void;
  onClear?(): void;
  actions?: ComponentChildren;
}) {
  return (
    <form
      class="filters"
      aria-label={props.label}
      onSubmit={(e) => {
        e.preventDefault();
        props.onApply();
      }}
    >
      <div class="filters-grid">{props.children}</div>
      <div class="filters-actions">
        <button type="submit">Apply filters</button>
        {props.onClear ? (
          <button type="button" class="secondary" onClick={props.onClear}>
            Clear
          </button>
        ) : null}
        {props.actions}
      </div>
    </form>
  );
}

let seq = 0;
/** A stable id per field so each label points at its control. */
export function fieldId(name: string): string {
  return `f-${name}-${++seq}`;
}

export function Field(props: { label: string; id: string; children: ComponentChildren; hint?: string }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint ? <small class="hint">{props.hint}</small> : null}
    </div>
  );
}

export function Select(props: {
  id: string;
  value: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  onChange(v: string): void;
  testId?: string;
}) {
  return (
    <select
      id={props.id}
      value={props.value}
      data-testid={props.testId}
      onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}
    >
      {props.options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
