// グループ・講習会アカウントのメッセージ（groups.en.ts と同じキー）。
import type { groupsEn } from './groups.en.js';

export const groupsJa: Record<keyof typeof groupsEn, string> = {
  'mail.groupInvitation.subject': '{title} のアカウント：登録内容の確認のお願い',
  'mail.groupInvitation.reminder': '【再送】{title} のアカウントについて',
  'mail.groupInvitation.body':
    '{title} のため、スーパーコンピュータのアカウントの利用に招待されました。アカウントの利用は {endsOn} までです。',
  'mail.groupInvitation.link':
    '下のリンクを開き、メールアドレスの確認、アカウント名の決定、SSH公開鍵の登録、利用規約への同意をしてください。リンクは1回限り、{days}日間有効です。',
  'mail.groupInvitation.ignore': '心当たりがない場合は、このメールを無視してください。回答がなければ何も行われません。',
  'mail.groupPledge.subject': 'グループアカウントの誓約をお願いします',
  'mail.groupPledge.body':
    'あなたのグループ {group} で、グループアカウント「{title}」が申請されました。責任者として、アカウントページで誓約の内容を確認し、署名してください。',
  'mail.groupDecided.subject.approved': 'グループアカウント「{title}」が承認されました',
  'mail.groupDecided.subject.information_requested': 'グループアカウント「{title}」について確認のお願い',
  'mail.groupDecided.subject.rejected': 'グループアカウント「{title}」は承認されませんでした',
  'mail.groupDecided.body.approved':
    'グループアカウント「{title}」が承認されました。登録内容を確認した参加者は、センターの承認のあとアカウントが作成されます。進み具合はグループのページで確認できます。',
  'mail.groupDecided.body.information_requested':
    'グループアカウント「{title}」について、センターから追加の情報をお願いしています。グループのページで内容を修正し、もう一度送信してください。',
  'mail.groupDecided.body.rejected': 'グループアカウント「{title}」は承認されませんでした。理由は次のとおりです。',
  'mail.groupEnding.subject': '{title} の利用終了まであと{days}日です',
  'mail.groupEnding.participant':
    '{title} のアカウント {account} は {endsOn} で利用終了となり、翌日にロックされます。必要なデータはそれまでにホームディレクトリからコピーしてください。',
  'mail.groupEnding.inCharge':
    '{title} のアカウントは {endsOn} で利用終了となります。さらに必要な場合は、グループのページから1回だけ延長を申請できます。',
  'mail.groupEnded.subject': '{title} の利用が終了しました',
  'mail.groupEnded.participant':
    '{title} のアカウント {account} は利用終了となり、ロックされました。ホームディレクトリは年度の削除リストにより削除されます。',
  'mail.groupEnded.inCharge':
    '{title} のアカウントは利用終了となり、ロックされました。ホームディレクトリは年度の削除リストにより削除されます。',
  'mail.groupExtension.subject.approved': '{title} の延長が承認されました',
  'mail.groupExtension.subject.refused': '{title} の延長は承認されませんでした',
  'mail.groupExtension.body.approved': '{title} のアカウントの利用終了日は {endsOn} になりました。',
  'mail.groupExtension.body.refused': '{title} のアカウントの利用終了日は {endsOn} のままです。',
};
