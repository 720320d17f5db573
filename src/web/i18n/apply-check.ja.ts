// 入力内容の確認・提出完了の画面と、提出時に送るメールの文言。
import type { applyCheckEn } from './apply-check.en.js';

export const applyCheckJa: Record<keyof typeof applyCheckEn, string> = {
  'check.title': '申請を送信する前に入力内容を確認してください',
  'check.change': '変更',
  'check.email': 'メールアドレス',
  'check.none': '入力なし',
  'check.sshKey': 'SSH 公開鍵',
  'check.sshKeyNone': 'なし（アカウント発行後に登録できます）',
  'check.pg': '個人ゲノム解析区画',
  'check.pgYes': '利用する（アカウント {name} も発行されます）',
  'check.pgNo': '利用しない',
  'check.responsibleSelf': '自分が責任者',
  'check.responsibleName': '氏名',
  'check.notKnown': '不明',
  'check.screening': '利用資格の回答により、スタッフが追加の審査を行います。時間がかかる場合があります。',
  'check.send.heading': '申請を送信する',
  'check.send.body':
    '送信することで、入力した内容が知る限り正しいことを確認したものとします。スタッフが責任者に、オンラインで署名する誓約書をメールで送ります。',
  'check.termsOfUse': '利用規程（版 {version}）',
  'check.criteria': 'アカウント発行基準（版 {version}）',
  'check.terms': '利用規程とアカウント発行基準を読み、同意します',
  'check.honeypot': 'この欄には何も入力しないでください',
  'check.robot.checking': '人による送信であることを確認しています…',
  'check.robot.done': '確認が完了しました。',
  'check.submit': '同意して送信',
  'check.closed': '現在、申請を送信できません。入力内容は保存されています。受付が再開したら、戻って送信してください。',
  'check.error.terms': '利用規程とアカウント発行基準に同意する場合は、チェックを入れてください',
  'check.error.robot': '人による送信であることを確認できませんでした。もう一度「同意して送信」を選んでください',
  'check.error.nameTaken':
    'アカウント名 {name} は、たった今ほかの申請で使われました。アカウント名を変更して、もう一度送信してください',
  'check.error.nameInvalid': 'アカウント名 {name} は使えなくなりました。変更して、もう一度送信してください',
  'check.error.closed': '現在、申請を送信できません。入力内容は保存されています',
  'submitted.title': '申請を送信しました',
  'submitted.reference': '受付番号',
  'submitted.mailApplicant': '確認のメールを {email} に送りました。',
  'submitted.mailResponsible': '責任者の {name} さん（{email}）にもお知らせしました。',
  'submitted.next.heading': '今後の流れ',
  'submitted.next.review':
    'スタッフが申請を確認し、通常 1 週間以内に、オンラインで署名する誓約書を責任者にメールで送ります。',
  'submitted.next.screening': '利用資格の回答により、外為法に基づく審査も行います。時間がかかる場合があります。',
  'submitted.next.certificate':
    '承認されると、アカウント名と初期パスワードを記載したアカウント登録証を所属機関に郵送します。',
  'submitted.next.quote': 'センターに問い合わせる際は、受付番号をお知らせください。',
  'account.available': 'このアカウント名は使えます',
  'account.checking': '確認しています…',
  'mail.summary.reference': '受付番号',
  'mail.summary.applicant': '申請者',
  'mail.summary.email': 'メールアドレス',
  'mail.summary.institution': '所属機関',
  'mail.summary.accountName': 'アカウント名',
  'mail.summary.pg': '個人ゲノム解析区画',
  'mail.summary.responsible': '責任者',
  'mail.summary.submitted': '送信日時',
  'mail.summary.yes': '利用する',
  'mail.summary.no': '利用しない',
  'mail.applySubmitted.subject': '申請を受け付けました：{reference}',
  'mail.applySubmitted.body': 'ゲノム解析用スーパーコンピュータのアカウント申請を受け付けました。',
  'mail.applySubmitted.self':
    'あなたご自身が責任者です。通常 1 週間以内に、オンラインで署名する誓約書をスタッフからメールで送ります。',
  'mail.applySubmitted.next':
    '通常 1 週間以内に、スタッフが責任者にオンラインで署名する誓約書をメールで送ります。センターに問い合わせる際は、受付番号をお知らせください。',
  'mail.applyResponsible.subject': '責任者として指名されました：{reference}',
  'mail.applyResponsible.body':
    '{name} さん（{email}）がスーパーコンピュータのアカウントを申請し、あなたを責任者に指名しました。',
  'mail.applyResponsible.next':
    '通常 1 週間以内に、オンラインで署名する誓約書をスタッフからメールで送ります。この方の責任者になることに同意していない場合は、受付番号を添えてセンターにお知らせください。',
};
