// A wide table (a statement, a plan's quotas) that scrolls sideways on a phone instead
// of the page: a labelled region that takes keyboard focus, so it can be scrolled
// without a mouse (WCAG 2.1.1).
import type { Children } from '@kitajs/html';

export function ScrollTable(props: { label: string; children: Children }) {
  return (
    <section class="table-wrapper" aria-label={props.label} tabindex="0">
      {props.children}
    </section>
  );
}
