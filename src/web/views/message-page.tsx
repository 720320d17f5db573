// A page that only says something: a heading, a paragraph and perhaps one link
// (an expired link, a finished action).
import { Layout } from './layout.js';
import type { PageContext } from './page.js';

export function MessagePage(props: {
  page: PageContext;
  title: string;
  body: string;
  link?: { href: string; label: string };
}) {
  return (
    <Layout page={props.page} title={props.title}>
      <h1 class="heading-l" safe>
        {props.title}
      </h1>
      <p class="body" safe>
        {props.body}
      </p>
      {props.link ? (
        <p class="body">
          <a href={props.link.href} class="link" safe>
            {props.link.label}
          </a>
        </p>
      ) : (
        ''
      )}
    </Layout>
  );
}
