// GOV.UK form patterns shared by every question page: error summary, text input,
// textarea, checkbox, button and back link. A field's error message uses the same
// words in the summary and next to the field; the summary links to the field.

/** Field name → message, in the order the fields appear on the page. */
export type FieldErrors = Record<string, string>;

export function ErrorSummary({ title, errors }: { title: string; errors: FieldErrors }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return '';
  return (
    <div class="error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1">
      <h2 class="error-summary__title" id="error-summary-title" safe>
        {title}
      </h2>
      <ul class="error-summary__list">
        {entries.map(([field, message]) => (
          <li>
            <a href={`#${field}`} safe>
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  value?: string | undefined;
  /** The label is the page's question (h1), as GOV.UK asks for single-question pages. */
  isPageHeading?: boolean;
}

function Label({ name, label, isPageHeading }: Pick<FieldProps, 'name' | 'label' | 'isPageHeading'>) {
  const inner = (
    <label class={isPageHeading ? 'label label--heading' : 'label'} for={name} safe>
      {label}
    </label>
  );
  return isPageHeading ? <h1 class="heading-l">{inner}</h1> : inner;
}

function describedBy(name: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

function HintAndError({ name, hint, error }: Pick<FieldProps, 'name' | 'hint' | 'error'>) {
  return (
    <>
      {hint ? (
        <div id={`${name}-hint`} class="hint" safe>
          {hint}
        </div>
      ) : (
        ''
      )}
      {error ? (
        <p id={`${name}-error`} class="error-message" safe>
          {error}
        </p>
      ) : (
        ''
      )}
    </>
  );
}

export function TextInput(
  props: FieldProps & {
    type?: string;
    autocomplete?: string;
    spellcheck?: boolean;
    /** An address answering GET ?name=… with { ok, message }: the script checks the value as it is typed. */
    liveCheck?: string;
    /** The id of the element where public/js/password-strength.js rates what is typed. */
    strength?: string;
    /** The keyboard a phone shows (`numeric`, `decimal`). */
    inputmode?: string;
    /** A GOV.UK fixed width for a short answer, in characters. */
    width?: '2' | '4' | '5' | '10';
  },
) {
  const { name, error } = props;
  const classes = ['input', props.width ? `input--width-${props.width}` : '', error ? 'input--error' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class={error ? 'form-group form-group--error' : 'form-group'}>
      <Label {...props} />
      <HintAndError {...props} />
      <input
        class={classes}
        inputmode={props.inputmode}
        id={name}
        name={name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        autocomplete={props.autocomplete}
        spellcheck={props.spellcheck === undefined ? undefined : String(props.spellcheck)}
        aria-describedby={describedBy(name, props.hint, error)}
        aria-invalid={error ? 'true' : undefined}
        data-live-check={props.liveCheck}
        data-password-strength={props.strength}
      />
    </div>
  );
}

export function Textarea(props: FieldProps & { rows?: number; countMin?: number; countMax?: number }) {
  const { name, error } = props;
  return (
    <div class={error ? 'form-group form-group--error' : 'form-group'}>
      <Label {...props} />
      <HintAndError {...props} />
      <textarea
        class={error ? 'input textarea input--error' : 'input textarea'}
        id={name}
        name={name}
        rows={String(props.rows ?? 5)}
        data-count-min={props.countMin === undefined ? undefined : String(props.countMin)}
        data-count-max={props.countMax === undefined ? undefined : String(props.countMax)}
        aria-describedby={describedBy(name, props.hint, error)}
        aria-invalid={error ? 'true' : undefined}
        safe
      >
        {props.value ?? ''}
      </textarea>
    </div>
  );
}

export function Checkbox(props: {
  name: string;
  label: string;
  checked: boolean;
  error?: string | undefined;
  disabled?: boolean;
  describedBy?: string;
}) {
  return (
    <div class={props.error ? 'form-group form-group--error' : 'form-group'}>
      {props.error ? (
        <p id={`${props.name}-error`} class="error-message" safe>
          {props.error}
        </p>
      ) : (
        ''
      )}
      <div class="checkbox">
        <input
          class="checkbox__input"
          id={props.name}
          name={props.name}
          type="checkbox"
          value="yes"
          checked={props.checked}
          disabled={props.disabled}
          aria-describedby={props.describedBy}
        />
        <label class="checkbox__label" for={props.name} safe>
          {props.label}
        </label>
      </div>
    </div>
  );
}

export function Button({ label }: { label: string }) {
  return (
    <button type="submit" class="button" safe>
      {label}
    </button>
  );
}

/**
 * The buttons of a page that asks again before something that cannot be undone: the
 * warning button sends confirm=yes, the other confirm=back (the form as it was).
 */
export function ConfirmOrBack({ confirm, back }: { confirm: string; back: string }) {
  return (
    <div class="button-group">
      <button type="submit" name="confirm" value="yes" class="button button--warning" safe>
        {confirm}
      </button>
      <button type="submit" name="confirm" value="back" class="button button--secondary" safe>
        {back}
      </button>
    </div>
  );
}

export function BackLink({ href, label }: { href: string; label: string }) {
  return (
    <a href={href} class="back-link" safe>
      {label}
    </a>
  );
}

type Option = { value: string; label: string };

export function Select(
  props: FieldProps & {
    options: Option[];
    placeholder: string;
    /** Options offered first, in a group of their own (the common choices); `options` then go under `allLabel`. */
    first?: { label: string; options: Option[]; allLabel: string };
  },
) {
  const { name, error } = props;
  // A choice offered first is also in its place in the full list; only its first place is selected.
  const offeredFirst = (value: string) => props.first?.options.some((f) => f.value === value) ?? false;
  const option = (o: Option, inFull = false) => (
    <option value={o.value} selected={o.value === props.value && !(inFull && offeredFirst(o.value))} safe>
      {o.label}
    </option>
  );
  return (
    <div class={error ? 'form-group form-group--error' : 'form-group'}>
      <Label {...props} />
      <HintAndError {...props} />
      <select
        class={error ? 'select input--error' : 'select'}
        id={name}
        name={name}
        aria-describedby={describedBy(name, props.hint, error)}
        aria-invalid={error ? 'true' : undefined}
      >
        <option value="" safe>
          {props.placeholder}
        </option>
        {props.first ? (
          <>
            <optgroup label={props.first.label}>{props.first.options.map((o) => option(o))}</optgroup>
            <optgroup label={props.first.allLabel}>{props.options.map((o) => option(o, true))}</optgroup>
          </>
        ) : (
          props.options.map((o) => option(o))
        )}
      </select>
    </div>
  );
}

/** A GOV.UK radios question: a fieldset whose legend is the question. */
export function Radios(props: {
  name: string;
  legend: string;
  hint?: string | undefined;
  error?: string | undefined;
  value?: string | undefined;
  options: { value: string; label: string }[];
  inline?: boolean;
}) {
  const { name, error } = props;
  return (
    <div class={error ? 'form-group form-group--error' : 'form-group'}>
      <fieldset class="fieldset" aria-describedby={describedBy(name, props.hint, error)}>
        <legend class="fieldset__legend" safe>
          {props.legend}
        </legend>
        <HintAndError name={name} hint={props.hint} error={error} />
        <div class={props.inline ? 'radios radios--inline' : 'radios'}>
          {props.options.map((o, i) => (
            <div class="radios__item">
              <input
                class="radios__input"
                id={i === 0 ? name : `${name}-${i + 1}`}
                name={name}
                type="radio"
                value={o.value}
                checked={o.value === props.value}
              />
              <label class="radios__label" for={i === 0 ? name : `${name}-${i + 1}`} safe>
                {o.label}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
