// スタッフ用コンソールの文言：サインイン、二要素認証、登録、申請一覧。
import type { staffEn } from './staff.en.js';

export const staffJa: Record<keyof typeof staffEn, string> = {
  'staff.service': 'スタッフ用コンソール',
  'staff.login.title': 'スタッフのサインイン',
  'staff.login.email': 'メールアドレス',
  'staff.login.password': 'パスワード',
  'staff.login.submit': 'サインイン',
  'staff.login.failed':
    'サインインできませんでした。メールアドレスとパスワードを確認してください。10 回続けて失敗すると、15 分間サインインできなくなります。',
  'staff.verify.title': '認証アプリに表示されたコードを入力してください',
  'staff.verify.code': '6 桁のコード、またはリカバリーコード',
  'staff.verify.hint':
    'リカバリーコードは 1 回だけ使えます。使い切ったら、管理者に新しい登録リンクを依頼してください。',
  'staff.verify.submit': '次へ',
  'staff.verify.failed': 'コードが正しくないか、使用済みです。アプリに今表示されているコードを入力してください',
  'staff.verify.expired': 'パスワードの入力から時間が経ちすぎました。もう一度サインインしてください。',
  'staff.logout': 'サインアウト',
  'staff.signedInAs': '{name}（{role}）としてサインイン中',
  'staff.role.reviewer': '審査担当',
  'staff.role.approver': '承認者',
  'staff.role.admin': '管理者',
  'staff.enrol.title': 'スタッフアカウントの設定',
  'staff.enrol.intro':
    '{email} のスタッフアカウントを設定します。パスワードを決めてから、認証アプリにアカウントを追加してください。',
  'staff.enrol.password': '新しいパスワード',
  'staff.enrol.passwordHint': '12 文字以上。長いフレーズは覚えやすく、推測されにくくなります。',
  'staff.enrol.password2': '同じパスワードをもう一度',
  'staff.enrol.totpHeading': '認証アプリにアカウントを追加する',
  'staff.enrol.totpIntro':
    '認証アプリ（FreeOTP、Google Authenticator、1Password など）で QR コードを読み取るか、次のキーを入力してください：',
  'staff.enrol.qrAlt': '認証アプリ用の QR コード',
  'staff.enrol.code': 'アプリに今表示されている 6 桁のコード',
  'staff.enrol.submit': 'アカウントを設定する',
  'staff.enrol.expired':
    'この登録リンクは有効期限切れか、使用済みです。管理者に新しいリンクを依頼してください（sc-account staff create または staff reset）。',
  'staff.enrol.error.passwordShort': 'パスワードは 12 文字以上にしてください',
  'staff.enrol.error.passwordLong': 'パスワードは 256 文字以内にしてください',
  'staff.enrol.error.passwordEmail': 'パスワードにメールアドレスを含めないでください',
  'staff.enrol.error.passwordMismatch': '2 つのパスワードが一致しません',
  'staff.enrol.error.code': '認証アプリに今表示されている 6 桁のコードを入力してください',
  'staff.enrol.done.title': 'スタッフアカウントの準備ができました',
  'staff.enrol.done.codes':
    'リカバリーコードです。アプリのコードの代わりに、それぞれ 1 回だけサインインに使えます。再表示されないので、今すぐ安全な場所に保管してください。',
  'staff.enrol.done.signIn': 'サインイン',
  'staff.forbidden.title': 'この操作はあなたの役割ではできません',
  'staff.forbidden.body': 'あなたの役割では、このページや操作は使えません。必要な場合は管理者に相談してください。',
  'staff.queue.title': '申請一覧',
  'staff.queue.reference': '受付番号',
  'staff.queue.applicant': '申請者',
  'staff.queue.institution': '所属機関',
  'staff.queue.submitted': '送信日時',
  'staff.queue.state': '状態',
  'staff.queue.empty': '申請はまだありません。',
  'staff.state.draft': '下書き',
  'staff.state.submitted': '提出済み',
  'staff.state.expired': '期限切れ',
};
