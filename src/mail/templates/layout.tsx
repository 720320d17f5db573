// The frame around every HTML mail: plain, readable in any client, no remote images.
import type { Children } from '@kitajs/html';
import type { Translate } from '../../i18n/index.js';

export function MailLayout({
  lang,
  title,
  t,
  children,
}: {
  lang: string;
  title: string;
  t: Translate;
  children: Children;
}) {
  return (
    <>
      {'<!doctype html>'}
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <title safe>{title}</title>
        </head>
        <body style="font-family: sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c; max-width: 40em;">
          {children}
          <hr />
          <p style="color: #505a5f; font-size: 14px;" safe>
            {t('mail.footer')}
          </p>
        </body>
      </html>
    </>
  );
}
