// 年度末アカウント更新（継続）のメッセージ：利用者の画面、スタッフの画面、メール。
import type { renewalEn } from './renewal.en.js';

export const renewalJa: Record<keyof typeof renewalEn, string> = {
  'mail.renewal.subject.opened': '{fiscalYear}年度のアカウント更新のお願い',
  'mail.renewal.body.opened':
    'アカウント（{accounts}）の{fiscalYear}年度の更新受付を開始しました。アカウントページにログインし、登録内容の確認と成果の報告をしてください。更新されていないアカウントは{dateJa}からロックされます。',
  'mail.renewal.subject.reminder30': '【再送】{dateJa}までにアカウントを更新してください（残り30日）',
  'mail.renewal.body.reminder30':
    'アカウント（{accounts}）の{fiscalYear}年度の更新がまだ済んでいません。アカウントページで更新しない場合、{dateJa}からロックされます。',
  'mail.renewal.subject.reminder7': '【再送】{dateJa}までにアカウントを更新してください（残り7日）',
  'mail.renewal.body.reminder7':
    'アカウント（{accounts}）の{fiscalYear}年度の更新がまだ済んでいません。{dateJa}からロックされますので、今すぐアカウントページで更新してください。',
  'mail.renewal.subject.locked': 'アカウントがロックされました：更新すると利用を再開できます',
  'mail.renewal.body.locked':
    'アカウント（{accounts}）は{fiscalYear}年度の更新がされなかったため、本日からロックされました。アカウントページにログインして更新すると、利用を再開できます。6月30日を過ぎても更新されていないアカウントのホームディレクトリは削除されます。',
  'mail.renewal.subject.renewed': '{fiscalYear}年度のアカウント更新が完了しました',
  'mail.renewal.body.renewed':
    'アカウント（{accounts}）の{fiscalYear}年度の更新が完了しました。ありがとうございました。',
  'mail.renewal.subject.review': '{fiscalYear}年度のアカウント更新を受け付けました',
  'mail.renewal.body.review':
    'アカウント（{accounts}）の{fiscalYear}年度の更新を受け付けました。新しい責任者が誓約書に署名し、スタッフが変更を承認すると更新が完了します。',
  'mail.renewal.subject.unlocked': 'アカウントが更新され、ロックが解除されました',
  'mail.renewal.body.unlocked': 'アカウント（{accounts}）は{fiscalYear}年度に更新され、再び利用できます。',

  'user.locked.renew': 'アカウントを更新する',
  'user.locked.renewHint': '更新すると1分以内に利用を再開できます。',
};
