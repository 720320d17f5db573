// The signature administrators set (Settings → Mail and deadlines), added under
// every mail after it is rendered: the recipient's language first, then the other.
import { escapeHtml } from '@kitajs/html';
import type { MailSignature } from '../../domain/settings.js';
import type { Lang } from '../../i18n/index.js';
import type { MailContent } from './types.js';

export function withSignature(content: MailContent, signature: MailSignature, lang: Lang): MailContent {
  const order: Lang[] = lang === 'en' ? ['en', 'ja'] : ['ja', 'en'];
  const blocks = order.map((l) => signature[l].trim()).filter(Boolean);
  if (blocks.length === 0) return content;
  const text = `${content.text.replace(/\n*$/, '\n')}\n${blocks.join('\n\n')}\n`;
  const html = blocks.map((b) => `<p style="white-space: pre-line;">${escapeHtml(b)}</p>`).join('');
  const at = content.html.lastIndexOf('</body>');
  return {
    ...content,
    text,
    html: at < 0 ? content.html + html : `${content.html.slice(0, at)}${html}${content.html.slice(at)}`,
  };
}
