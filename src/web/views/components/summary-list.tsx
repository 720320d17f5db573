// GOV.UK summary card: a titled group of answers (question → answer) with one
// "Change" link to the page where they were given. Multi-line answers keep their
// line breaks.

export interface SummaryRow {
  key: string;
  value: string;
}

export function SummaryCard(props: {
  title: string;
  /** The id of the card, so that an error summary can link to it. */
  id?: string;
  change?: { href: string; label: string } | undefined;
  rows: SummaryRow[];
  /** Marked for attention (e.g. eligibility answers that need screening). */
  highlight?: boolean;
}) {
  const headingId = `${props.id ?? 'summary'}-title`;
  return (
    <section
      class={props.highlight ? 'summary-card summary-card--highlight' : 'summary-card'}
      id={props.id}
      aria-labelledby={headingId}
    >
      <div class="summary-card__title-wrapper">
        <h2 class="summary-card__title heading-m" id={headingId} safe>
          {props.title}
        </h2>
        {props.change ? (
          <a href={props.change.href} class="link summary-card__action">
            <span safe>{props.change.label}</span>
            <span class="visually-hidden" safe>
              {` ${props.title}`}
            </span>
          </a>
        ) : (
          ''
        )}
      </div>
      <dl class="summary-list">
        {props.rows.map((row) => (
          <div class="summary-list__row">
            <dt class="summary-list__key" safe>
              {row.key}
            </dt>
            <dd class="summary-list__value" safe>
              {row.value}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
