// Every mail template by name, with the parameters each one takes.
// A template returns subject, plain text and HTML in the recipient's language.
import { type Lang, translator } from '../../i18n/index.js';
import {
  type AccountChangedParams,
  accountChanged,
  type CertificatePostedParams,
  certificatePosted,
} from './account.js';
import { applyInReview, applyLink } from './apply-link.js';
import { applyResponsible, applySubmitted, type SubmissionSummary } from './apply-submitted.js';
import {
  applicationDecision,
  applicationExpired,
  applicationWithdrawn,
  type DecisionParams,
  informationRequested,
} from './decision.js';
import {
  type GroupDecidedParams,
  type GroupEndedParams,
  type GroupEndingParams,
  type GroupExtensionParams,
  type GroupInvitationParams,
  type GroupPledgeParams,
  groupDecided,
  groupEnded,
  groupEnding,
  groupExtension,
  groupInvitation,
  groupPledge,
} from './group.js';
import { type PledgeRequestParams, type PledgeSignedParams, pledgeRequest, pledgeSigned } from './pledge.js';
import { type RenewalMailParams, renewalMail } from './renewal.js';
import { type AccountRequestMailParams, accountRequestMail } from './request.js';
import { testMessage } from './test-message.js';
import type { MailContent } from './types.js';
import { type PlanAlertParams, type PlanDecidedParams, planAlert, planDecided } from './usage-plan.js';

export interface TemplateParams {
  test: Record<string, never>;
  applyLink: { url: string };
  applyInReview: { reference: string };
  applySubmitted: SubmissionSummary;
  applyResponsible: SubmissionSummary;
  applicationDecision: DecisionParams;
  pledgeRequest: PledgeRequestParams;
  pledgeSigned: PledgeSignedParams;
  applicationWithdrawn: { reference: string };
  applicationExpired: { reference: string };
  informationRequested: { reference: string; message: string; url: string };
  certificatePosted: CertificatePostedParams;
  accountChanged: AccountChangedParams;
  accountRequest: AccountRequestMailParams;
  renewal: RenewalMailParams;
  planDecided: PlanDecidedParams;
  planAlert: PlanAlertParams;
  groupInvitation: GroupInvitationParams;
  groupPledge: GroupPledgeParams;
  groupDecided: GroupDecidedParams;
  groupEnding: GroupEndingParams;
  groupEnded: GroupEndedParams;
  groupExtension: GroupExtensionParams;
}
export type TemplateName = keyof TemplateParams;

const templates: {
  [N in TemplateName]: (
    t: ReturnType<typeof translator>,
    lang: Lang,
    params: TemplateParams[N],
  ) => Promise<MailContent>;
} = {
  test: (t, lang) => testMessage(t, lang),
  applyLink: (t, lang, params) => applyLink(t, lang, params),
  applyInReview: (t, lang, params) => applyInReview(t, lang, params),
  applySubmitted: (t, lang, params) => applySubmitted(t, lang, params),
  applyResponsible: (t, lang, params) => applyResponsible(t, lang, params),
  applicationDecision: (_t, lang, params) => applicationDecision(lang, params),
  pledgeRequest: (_t, lang, params) => pledgeRequest(lang, params),
  pledgeSigned: (_t, lang, params) => pledgeSigned(lang, params),
  applicationWithdrawn: (_t, lang, params) => applicationWithdrawn(lang, params),
  applicationExpired: (_t, lang, params) => applicationExpired(lang, params),
  informationRequested: (_t, lang, params) => informationRequested(lang, params),
  certificatePosted: (_t, lang, params) => certificatePosted(lang, params),
  accountChanged: (_t, lang, params) => accountChanged(lang, params),
  accountRequest: (_t, lang, params) => accountRequestMail(lang, params),
  renewal: (_t, lang, params) => renewalMail(lang, params),
  planDecided: (_t, lang, params) => planDecided(lang, params),
  planAlert: (_t, lang, params) => planAlert(lang, params),
  groupInvitation: (_t, lang, params) => groupInvitation(lang, params),
  groupPledge: (_t, lang, params) => groupPledge(lang, params),
  groupDecided: (_t, lang, params) => groupDecided(lang, params),
  groupEnding: (_t, lang, params) => groupEnding(lang, params),
  groupEnded: (_t, lang, params) => groupEnded(lang, params),
  groupExtension: (_t, lang, params) => groupExtension(lang, params),
};

export function renderMail<N extends TemplateName>(
  name: N,
  lang: Lang,
  params: TemplateParams[N],
): Promise<MailContent> {
  return templates[name](translator(lang), lang, params);
}
export type { MailContent };
