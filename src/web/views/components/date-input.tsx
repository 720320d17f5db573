// GOV.UK date input: day, month and year in a fieldset whose legend is the question
// (year first in Japanese), the error linked to the first part. `prefix` names the
// parts (`from_day`…); without it they are `day`, `month`, `year`.
import type { Children } from '@kitajs/html';
import type { PageContext } from '../page.js';

export type DatePart = 'day' | 'month' | 'year';
export type DateValues = Record<DatePart, string>;

export const firstDatePart = (lang: string): DatePart => (lang === 'ja' ? 'year' : 'day');

/** The id of a date's part: what an error summary links to (the first part). */
export const datePartId = (prefix: string | undefined, part: DatePart) => (prefix ? `${prefix}_${part}` : part);

export function DateInput(props: {
  page: PageContext;
  prefix?: string;
  legend: string;
  hint: string;
  labels: DateValues;
  values: DateValues;
  error: string | undefined;
  /** The legend's size: `m` for the page's question, `s` for one date among several. */
  size?: 'm' | 's';
}) {
  const { page, error, prefix } = props;
  const first = datePartId(prefix, firstDatePart(page.lang));
  const part = (name: DatePart, width: string) => {
    const id = datePartId(prefix, name);
    return (
      <div class="date-input__item">
        <label class="label" for={id} safe>
          {props.labels[name]}
        </label>
        <input
          class={`input input--width-${width}${error ? ' input--error' : ''}`}
          id={id}
          name={id}
          type="text"
          inputmode="numeric"
          value={props.values[name]}
          aria-invalid={error ? 'true' : undefined}
        />
      </div>
    );
  };
  const parts: Children =
    firstDatePart(page.lang) === 'year'
      ? [part('year', '4'), part('month', '2'), part('day', '2')]
      : [part('day', '2'), part('month', '2'), part('year', '4')];
  return (
    <div class={error ? 'form-group form-group--error' : 'form-group'}>
      <fieldset class="fieldset" aria-describedby={`${first}-hint${error ? ` ${first}-error` : ''}`}>
        <legend class={`fieldset__legend fieldset__legend--${props.size ?? 'm'}`} safe>
          {props.legend}
        </legend>
        <div id={`${first}-hint`} class="hint" safe>
          {props.hint}
        </div>
        {error ? (
          <p id={`${first}-error`} class="error-message" safe>
            {error}
          </p>
        ) : (
          ''
        )}
        <div class="date-input">{parts}</div>
      </fieldset>
    </div>
  );
}
