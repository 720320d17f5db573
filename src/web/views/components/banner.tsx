// A notice at the top of a page after an action (GOV.UK notification banner, success),
// with, for a secret shown once (an API token, a webhook secret), the secret in a
// block of its own under the text.
export function Banner({ text, code }: { text: string | undefined; code?: { id: string; value: string } }) {
  if (!text) return '';
  return (
    <div class="notification-banner notification-banner--success" role="status">
      <div class="notification-banner__content">
        <p class="notification-banner__heading" safe>
          {text}
        </p>
        {code ? (
          <p class="code-block" id={code.id} safe>
            {code.value}
          </p>
        ) : (
          ''
        )}
      </div>
    </div>
  );
}

/** A group of checkboxes under one legend (GOV.UK checkboxes); the first box carries the group's id for the error summary. */
export function Checkboxes(props: {
  name: string;
  legend: string;
  hint?: string | undefined;
  error?: string | undefined;
  options: readonly string[];
  chosen: ReadonlySet<string>;
}) {
  const { name, error, hint } = props;
  const describedBy = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'form-group form-group--error' : 'form-group'}>
      <fieldset class="fieldset" aria-describedby={describedBy}>
        <legend class="fieldset__legend" safe>
          {props.legend}
        </legend>
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
        {props.options.map((value, i) => {
          const id = i === 0 ? name : `${name}-${value}`;
          return (
            <div class="checkbox">
              <input
                class="checkbox__input"
                id={id}
                name={name}
                type="checkbox"
                value={value}
                checked={props.chosen.has(value)}
              />
              <label class="checkbox__label" for={id}>
                <code safe>{value}</code>
              </label>
            </div>
          );
        })}
      </fieldset>
    </div>
  );
}
