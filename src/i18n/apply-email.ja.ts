// 利用申請のメールアドレス確認ステップの日本語メッセージ。
import type { applyEmailEn } from './apply-email.en.js';

export const applyEmailJa: Record<keyof typeof applyEmailEn, string> = {
  'applyEmail.title': 'あなたのメールアドレス',
  'applyEmail.hint':
    '所属する大学・研究機関のメールアドレスを使ってください。このアドレスにリンクを送ります。リンクから申請フォームを開きます。',
  'applyEmail.label': 'メールアドレス',
  'applyEmail.special': '所属機関のメールアドレスがない（特別な事情がある）',
  'applyEmail.specialReason': '所属機関のメールアドレスを使えない理由',
  'applyEmail.specialReasonHint': '審査の際にスタッフが確認します。',
  'applyEmail.continue': '次へ',
  'applyEmail.back': '戻る',
  'applyEmail.error.summary': '入力内容に問題があります',
  'applyEmail.error.required': 'メールアドレスを入力してください',
  'applyEmail.error.invalid': 'メールアドレスを name@example.ac.jp のような形式で入力してください',
  'applyEmail.error.freeMail':
    'フリーメールサービスのアドレス（{domain}）は受け付けていません。メールアドレスは所属機関を確認する手がかりにもなるためです。所属機関のアドレスを入力するか、特別な事情にチェックを入れて理由を記入してください。',
  'applyEmail.error.reasonRequired': '所属機関のメールアドレスを使えない理由を入力してください',
  'applyEmail.error.reasonTooLong': '理由は 500 文字以内で入力してください',
  'applyEmail.sent.title': 'メールを確認してください',
  'applyEmail.sent.body':
    'このアドレスで申請できる場合は、リンクを送信しました。リンクの有効期限は 24 時間で、1 回だけ使えます。',
  'applyEmail.sent.resume': 'このアドレスで申請を始めている場合は、リンクから続きに戻れます。',
  'applyEmail.sent.none':
    'メールが届かない場合は、迷惑メールフォルダを確認するか、もう一度アドレスを入力してください。',
  'applyEmail.sent.to': '入力したメールアドレス：',
  'applyEmail.sent.wrong':
    'アドレスが違う、またはメールが届かない場合は、迷惑メールフォルダを確認するか、アドレスをもう一度入力してください。',
  'applyEmail.verify.title': '申請を続ける',
  'applyEmail.verify.body': 'ボタンを押すと、このブラウザで申請フォームを開きます。',
  'applyEmail.verify.button': '申請フォームを開く',
  'applyEmail.verify.expired.title': 'このリンクは有効期限切れか、使用済みです',
  'applyEmail.verify.expired.body':
    'メールのリンクは 24 時間有効で、1 回だけ使えます。もう一度メールアドレスを入力して新しいリンクを受け取ってください。これまでの入力内容は失われません。',
  'applyEmail.verify.expired.again': '新しいリンクを受け取る',
  'applyEmail.inReview.title': '申請は審査中です',
  'applyEmail.inReview.body':
    'このアドレスからの申請 {reference} は提出済みです。通常 1 週間以内に、スタッフからあなたと責任者に連絡します。',
  'applyTask.title': 'アカウント申請',
  'applyTask.email': '確認済みメールアドレス：{email}',
  'applyTask.expires': '入力内容は {date} まで保存されます。変更するたびに、そこから 30 日間保存されます。',
  'applyTask.steps': '手順',
  'applyTask.start': '申請を始める',
  'applyTask.continue': '申請を続ける',
  'applyTask.step.applicant': '申請者について',
  'applyTask.step.eligibility': '利用資格（外為法）',
  'applyTask.step.affiliation': '所属機関',
  'applyTask.step.account': 'アカウント名と SSH 公開鍵',
  'applyTask.step.responsible': '責任者',
  'applyTask.step.check': '入力内容の確認と提出',
  'applyTask.status.notStarted': '未入力',
  'applyTask.status.done': '入力済み',
  'applyTask.status.ready': '確認できます',
  'applyTask.status.cannotStart': 'まだ始められません',
  'applyTask.noSession': '申請を続けるには、お送りしたメールのリンクを開いてください。',
  'mail.applyLink.subject': 'スーパーコンピュータ利用申請のリンク',
  'mail.applyLink.body':
    '次のリンクを開いて、スーパーコンピュータのアカウント申請を続けてください。有効期限は 24 時間で、1 回だけ使えます：',
  'mail.applyLink.ignore': 'お心当たりがない場合は、このメールを無視してください。何も起こりません。',
  'mail.applyInReview.subject': 'スーパーコンピュータ利用申請 {reference}',
  'mail.applyInReview.body':
    'このアドレスで申請を始める操作がありました。あなたの申請 {reference} はすでに審査中のため、2 件目の申請は始められません。スタッフから連絡します。',
};
