// A page that only says something: a heading, a paragraph and perhaps one link
// (an expired link, a finished action).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MessageKey } from '../../i18n/index.js';
import { sendHtml } from '../render.js';
import { Layout } from './layout.js';
import { type PageContext, pageContext } from './page.js';

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

/** Answers with a MessagePage of two catalogue messages (e.g. 410 for a link that no longer works). */
export function sendMessage(
  request: FastifyRequest,
  reply: FastifyReply,
  messages: { title: MessageKey; body: MessageKey },
  status: number,
): Promise<FastifyReply> {
  const page = pageContext(request);
  return sendHtml(
    reply,
    <MessagePage page={page} title={page.t(messages.title)} body={page.t(messages.body)} />,
    status,
  );
}
