// 年度末アカウント更新（継続）のメッセージ：利用者の画面、スタッフの画面、メール。
import type { renewalEn } from './renewal.en.js';

export const renewalJa: Record<keyof typeof renewalEn, string> = {
  'mail.renewal.subject.opened': '{fiscalYear}年度のアカウント更新のお願い',
  'mail.renewal.body.opened':
    'アカウント（{accounts}）の{fiscalYear}年度の更新受付を開始しました。アカウントページにログインし、登録内容の確認と成果の報告をしてください。更新されていないアカウントは{date}からロックされます。',
  'mail.renewal.subject.reminder30': '【再送】{date}までにアカウントを更新してください（残り30日）',
  'mail.renewal.body.reminder30':
    'アカウント（{accounts}）の{fiscalYear}年度の更新がまだ済んでいません。アカウントページで更新しない場合、{date}からロックされます。',
  'mail.renewal.subject.reminder7': '【再送】{date}までにアカウントを更新してください（残り7日）',
  'mail.renewal.body.reminder7':
    'アカウント（{accounts}）の{fiscalYear}年度の更新がまだ済んでいません。{date}からロックされますので、今すぐアカウントページで更新してください。',
  'mail.renewal.subject.locked': 'アカウントがロックされました：更新すると利用を再開できます',
  'mail.renewal.body.locked':
    'アカウント（{accounts}）は{fiscalYear}年度の更新がされなかったため、本日からロックされました。アカウントページにログインして更新すると、利用を再開できます。6月30日を過ぎても更新されていないアカウントのホームディレクトリは削除されます。',
  'mail.renewal.subject.renewed': '{fiscalYear}年度のアカウント更新が完了しました',
  'mail.renewal.body.renewed':
    'アカウント（{accounts}）の{fiscalYear}年度の更新が完了しました。ありがとうございました。',
  'mail.renewal.subject.review': '{fiscalYear}年度のアカウント更新を受け付けました',
  'mail.renewal.body.review':
    'アカウント（{accounts}）の{fiscalYear}年度の更新を受け付けました。新しい責任者が誓約書に署名し、スタッフが変更を承認すると更新が完了します。',
  'mail.renewal.subject.rejected': '{fiscalYear}年度のアカウント更新が完了していません',
  'mail.renewal.body.rejected':
    'アカウント（{accounts}）の更新が待っていた責任者の変更が承認されなかった（または取り下げられた）ため、{fiscalYear}年度の更新は完了していません。アカウントページから更新をもう一度送信してください。更新されていないアカウントは{date}からロックされます。',
  'mail.renewal.subject.unlocked': 'アカウントが更新され、ロックが解除されました',
  'mail.renewal.body.unlocked': 'アカウント（{accounts}）は{fiscalYear}年度に更新され、再び利用できます。',

  'mail.renewal.subject.reminder': '【再送】{date}までにアカウントを更新してください',
  'mail.renewal.body.reminder':
    'アカウント（{accounts}）の{fiscalYear}年度の更新がまだ済んでいません。アカウントページで更新しない場合、{date}からロックされます。',

  'staff.nav.renewal': '年度更新',
  'staff.renewal.title': '{year}年度のアカウント更新',
  'staff.renewal.years': '年度',
  'staff.renewal.year': '{year}年度',
  'staff.renewal.calendar': '日程',
  'staff.renewal.calendarHint': 'この年度の日だけを変更します（祝日など）。他の年度は既定の日のままです。',
  'staff.renewal.opensOn': '更新の受付開始',
  'staff.renewal.lockOn': '更新されていないアカウントのロック',
  'staff.renewal.deletionOn': '更新されていないアカウントのホームディレクトリ削除リスト作成',
  'staff.renewal.dayHint': 'YYYY-MM-DD の形式で入力してください（例：2027-01-04）。日本時間の 0 時からです。',
  'staff.renewal.calendarSave': '日程を保存',
  'staff.renewal.error.not_a_day': '実在する日を YYYY-MM-DD の形式で入力してください',
  'staff.renewal.error.opens_range': '受付開始は{previous}年12月1日から{year}年3月1日までの日にしてください',
  'staff.renewal.error.lock_range': 'ロックは{year}年3月15日から4月30日までの日にしてください',
  'staff.renewal.error.deletion_range': '削除リストは{year}年6月1日から9月30日までの日にしてください',
  'staff.renewal.error.opens_too_close': '受付開始はロックの30日以上前にしてください',
  'staff.renewal.error.deletion_before_lock': '削除リストはロックより後の日にしてください',
  'staff.renewal.counts': '利用者：{count} 人',
  'staff.renewal.standing': '状況',
  'staff.renewal.allStandings': 'すべて',
  'staff.renewal.standing.renewed': '更新済み',
  'staff.renewal.standing.due': '未更新',
  'staff.renewal.standing.review': 'スタッフ確認待ち',
  'staff.renewal.standing.locked': 'ロック中',
  'staff.renewal.standing.deletion': '削除リスト掲載',
  'staff.renewal.remind': '更新していない {count} 人にリマインダーを再送する',
  'staff.renewal.achievementsCsv': '年報用の成果一覧（CSV）',
  'staff.renewal.achievementsBib': '年報用の成果一覧（BibTeX）',
  'staff.renewal.deletionsCsv': 'ホームディレクトリ削除リスト（CSV）',
  'staff.renewal.byInstitution': '所属機関',
  'staff.renewal.byResponsible': '責任者',
  'staff.renewal.holders': '利用者',
  'staff.renewal.listed': '利用者（{count} 人中 {shown} 人を表示）',
  'staff.renewal.validThrough': '更新済みの年度',

  'staff.request.continuation':
    '利用者の{year}年度の更新がこの申請を待っています。適用すると更新が完了し、却下するとアカウントは更新されず、利用者に更新の再送信を依頼します。',
  'user.locked.renew': 'アカウントを更新する',
  'user.locked.renewHint': '更新すると1分以内に利用を再開できます。',
};
