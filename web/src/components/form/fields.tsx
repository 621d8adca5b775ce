// Labelled form controls. Each is named by its field path (`dataSources[1].periodTo`), which
// gives its DOM id (fieldId) so server validation errors and the ErrorSummary find it. Hint and
// error texts are tied to the control with aria-describedby; errors set aria-invalid.
//
// These stay hand-written, not on the Suomi.fi TextInput, Textarea, DateInput, CheckboxGroup
// and RadioButtonGroup (issue 21 §1), because those fix the ids of their texts themselves
// (`<id>-hintText`, `<id>-statusText`) while the validation contract here is `<id>-hint` and
// `<id>-error`: lib/validation.ts, the ErrorSummary and the e2e journeys of every role find a
// server's message by them. Suomi.fi also marks the optional fields ("(valinnainen)") where
// the authority's forms mark the required ones. Select stays a native <select> (keyboard and
// screen readers know it; the journeys choose with it) and FileField a native file input.
// Buttons and notices are on Suomi.fi: components/ui.
import type { ChangeEvent, ReactNode } from "react";
import { useI18n } from "../../i18n/context.tsx";
import { fieldId } from "../../lib/validation.ts";

interface BaseProps {
  /** Field path, as the server names it in VALIDATION errors. */
  name: string;
  label: string;
  hint?: string;
  errors?: readonly string[];
  required?: boolean;
  disabled?: boolean;
}

function describedBy(id: string, hint: string | undefined, errors: readonly string[] | undefined) {
  const ids = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function Label({ id, label, required }: { id: string; label: string; required?: boolean }) {
  const { t } = useI18n();
  return (
    <label htmlFor={id} className="field__label">
      {label}
      {required && <span className="field__required"> ({t("form.required")})</span>}
    </label>
  );
}

function HintAndErrors({ id, hint, errors }: { id: string; hint?: string; errors?: readonly string[] }) {
  return (
    <>
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      {errors && errors.length > 0 && (
        <div id={`${id}-error`} className="field__error">
          {errors.map((e) => (
            <p key={e}>{e}</p>
          ))}
        </div>
      )}
    </>
  );
}

function controlProps(props: BaseProps) {
  const id = fieldId(props.name);
  return {
    id,
    name: props.name,
    required: props.required,
    disabled: props.disabled,
    "aria-invalid": props.errors?.length ? true : undefined,
    "aria-describedby": describedBy(id, props.hint, props.errors),
  };
}

function Field({ props, children }: { props: BaseProps; children: ReactNode }) {
  const id = fieldId(props.name);
  return (
    <div className={`field${props.errors?.length ? " field--invalid" : ""}`}>
      <Label id={id} label={props.label} required={props.required} />
      <HintAndErrors id={id} hint={props.hint} errors={props.errors} />
      {children}
    </div>
  );
}

export interface TextFieldProps extends BaseProps {
  value: string;
  onChange: (value: string) => void;
  type?: "text" | "email" | "tel" | "number" | "search" | "url";
  autoComplete?: string;
  inputMode?: "text" | "numeric" | "decimal" | "email" | "tel" | "search" | "url";
}

export function TextField(props: TextFieldProps) {
  return (
    <Field props={props}>
      <input
        {...controlProps(props)}
        type={props.type ?? "text"}
        value={props.value}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </Field>
  );
}

export interface TextAreaProps extends BaseProps {
  value: string;
  onChange: (value: string) => void;
  rows?: number;
}

export function TextArea(props: TextAreaProps) {
  return (
    <Field props={props}>
      <textarea
        {...controlProps(props)}
        rows={props.rows ?? 5}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </Field>
  );
}

export interface Option {
  value: string;
  label: string;
}

export interface SelectProps extends BaseProps {
  value: string;
  onChange: (value: string) => void;
  options: readonly Option[];
  /** Text of an empty first option (no choice yet); omitted = no empty option. */
  placeholder?: string;
}

export function Select(props: SelectProps) {
  return (
    <Field props={props}>
      <select {...controlProps(props)} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.placeholder !== undefined && <option value="">{props.placeholder}</option>}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export interface DateFieldProps extends BaseProps {
  /** ISO date `YYYY-MM-DD`, or "" for none (the GraphQL `Date` format). */
  value: string;
  onChange: (value: string) => void;
  min?: string;
  max?: string;
}

/** A native date input: the browser shows it in the page language's format (fi: pp.kk.vvvv). */
export function DateField(props: DateFieldProps) {
  return (
    <Field props={props}>
      <input
        {...controlProps(props)}
        type="date"
        value={props.value}
        min={props.min}
        max={props.max}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </Field>
  );
}

export interface FileFieldProps extends BaseProps {
  file: File | null;
  onChange: (file: File | null) => void;
  /** e.g. "application/pdf,text/plain" */
  accept?: string;
}

export function FileField(props: FileFieldProps) {
  const { t } = useI18n();
  return (
    <Field props={props}>
      <input
        {...controlProps(props)}
        type="file"
        accept={props.accept}
        onChange={(e: ChangeEvent<HTMLInputElement>) => props.onChange(e.target.files?.[0] ?? null)}
      />
      {props.file && <p className="field__hint">{t("form.fileSelected", { name: props.file.name })}</p>}
    </Field>
  );
}

export interface ChoiceOption extends Option {
  /** Shown under the option's label, tied to its control with aria-describedby. */
  hint?: string;
}

/**
 * A fieldset of radio buttons or checkboxes; the legend is the label, then the group's hint and
 * errors. Each option is a `.choice`: the control beside its label, the option's hint under the
 * label. The first control carries the field's id so the error summary's link lands on the group.
 */
function Choices(props: BaseProps & {
  type: "radio" | "checkbox";
  options: readonly ChoiceOption[];
  isChecked: (value: string) => boolean;
  onToggle: (value: string, checked: boolean) => void;
}) {
  const { t } = useI18n();
  const id = fieldId(props.name);
  const invalid = props.errors?.length ? true : undefined;
  return (
    <fieldset
      className={`field field--group${invalid ? " field--invalid" : ""}`}
      aria-describedby={describedBy(id, props.hint, props.errors)}
    >
      <legend className="field__label">
        {props.label}
        {props.required && <span className="field__required"> ({t("form.required")})</span>}
      </legend>
      <HintAndErrors id={id} hint={props.hint} errors={props.errors} />
      {props.options.map((o, i) => {
        const optionId = i === 0 ? id : `${id}-${i}`;
        return (
          <div key={o.value} className="choice">
            <input
              type={props.type}
              id={optionId}
              name={props.name}
              value={o.value}
              checked={props.isChecked(o.value)}
              disabled={props.disabled}
              aria-invalid={invalid}
              aria-describedby={o.hint ? `${optionId}-hint` : undefined}
              onChange={(e) => props.onToggle(o.value, e.target.checked)}
            />
            <label htmlFor={optionId}>{o.label}</label>
            {o.hint && (
              <p id={`${optionId}-hint`} className="field__hint">
                {o.hint}
              </p>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}

export interface CheckboxGroupProps extends BaseProps {
  value: readonly string[];
  onChange: (value: string[]) => void;
  options: readonly ChoiceOption[];
}

export function CheckboxGroup({ value, onChange, ...props }: CheckboxGroupProps) {
  return (
    <Choices
      {...props}
      type="checkbox"
      isChecked={(option) => value.includes(option)}
      onToggle={(option, checked) => {
        const next = value.filter((v) => v !== option);
        onChange(checked ? [...next, option] : next);
      }}
    />
  );
}

export interface RadioGroupProps extends BaseProps {
  value: string;
  onChange: (value: string) => void;
  options: readonly ChoiceOption[];
}

export function RadioGroup({ value, onChange, ...props }: RadioGroupProps) {
  return <Choices {...props} type="radio" isChecked={(option) => option === value} onToggle={(option) => onChange(option)} />;
}
