// The PDF copy of a signed pledge: rendered once after the signature, kept with the
// pledge, and mailed to the signer with the confirmation. A durable job, keyed by
// the pledge: running it twice keeps one copy and sends one mail.
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { enqueueJob } from '../../db/jobs.js';
import { pledgeDocument, putPledgeDocument, signedPledge } from '../../db/pledges.js';
import type { Database } from '../../db/schema.js';
import { renderPledgePdf } from '../../documents/pledge-pdf.js';
import { isLang, type Lang } from '../../i18n/index.js';
import type { Outbox } from '../../mail/outbox.js';
import type { JobHandler } from '../worker.js';

export const PLEDGE_DOCUMENT_JOB = 'pledge.document';

type Payload = {
  pledgeId: number;
  /** The language of the page the signer signed on: their confirmation's language first. */
  lang: Lang;
};

export async function enqueuePledgeDocument(trx: Transaction<Database>, p: Payload): Promise<void> {
  await enqueueJob(trx, { kind: PLEDGE_DOCUMENT_JOB, key: `pledge-document:${p.pledgeId}`, payload: p });
}

/** The file name of a pledge's copy, e.g. pledge-A2026-000123-vouch.pdf. */
export const pledgeFileName = (reference: string | null, kind: string) =>
  `pledge-${(reference ?? 'application').replace(/[^\w-]/g, '')}-${kind}.pdf`;

export function pledgeDocumentHandlers(deps: { db: Kysely<Database>; outbox: Outbox }): Record<string, JobHandler> {
  const { db, outbox } = deps;
  return {
    [PLEDGE_DOCUMENT_JOB]: async (job) => {
      const p = job.payload as unknown as Payload;
      const pledge = await signedPledge(db, p.pledgeId);
      if (!pledge?.signed_at || !pledge.shown) return;
      const kept = await pledgeDocument(db, pledge.id);
      const pdf =
        kept?.pdf ??
        (await renderPledgePdf({
          reference: pledge.reference ?? '',
          kind: pledge.kind,
          textVersion: pledge.version,
          titleJa: pledge.title_ja,
          titleEn: pledge.title_en,
          declarations: pledge.declarations,
          summary: pledge.shown,
          signerName: pledge.signer_name ?? '',
          signedAt: pledge.signed_at,
          signerIp: pledge.signer_ip ?? '',
          signerUserAgent: pledge.signer_user_agent ?? '',
          textSha256: pledge.text_sha256 ?? '',
        }));
      const bytes = Buffer.from(pdf);
      await db.transaction().execute(async (trx) => {
        await putPledgeDocument(trx, {
          pledgeId: pledge.id,
          pdf: bytes,
          sha256: createHash('sha256').update(bytes).digest('hex'),
        });
        await outbox.enqueue(trx, {
          to: pledge.email,
          lang: isLang(p.lang) ? p.lang : 'ja',
          template: 'pledgeSigned',
          params: { reference: pledge.reference ?? '', signerName: pledge.signer_name ?? '' },
          key: `pledge-signed:${pledge.id}`,
          attachments: [
            {
              filename: pledgeFileName(pledge.reference, pledge.kind),
              contentType: 'application/pdf',
              contentBase64: bytes.toString('base64'),
            },
          ],
        });
      });
    },
  };
}
