// 日本語のメッセージ。キーは en.ts と同じ（型とテストで一致を保証する）。
import { applyCheckJa } from './apply-check.ja.js';
import { applyEmailJa } from './apply-email.ja.js';
import { applyStartJa } from './apply-start.ja.js';
import { applyStepsJa } from './apply-steps.ja.js';
import { continuationJa } from './continuation.ja.js';
import type { MessageKey } from './en.js';
import { groupsJa } from './groups.ja.js';
import { groupsStaffJa } from './groups-staff.ja.js';
import { renewalJa } from './renewal.ja.js';
import { requestsJa } from './requests.ja.js';
import { settingsJa } from './settings.ja.js';
import { staffJa } from './staff.ja.js';
import { usagePlansJa } from './usage-plans.ja.js';
import { userJa } from './user.ja.js';

export const ja: Record<MessageKey, string> = {
  ...applyEmailJa,
  ...applyCheckJa,
  ...applyStepsJa,
  ...applyStartJa,
  ...staffJa,
  ...userJa,
  ...requestsJa,
  ...renewalJa,
  ...continuationJa,
  ...settingsJa,
  ...usagePlansJa,
  ...groupsJa,
  ...groupsStaffJa,
  'service.name': 'スーパーコンピュータ アカウントサービス',
  'service.centre': 'ゲノム解析スーパーコンピュータセンター',
  'layout.skip': 'メインコンテンツへ移動',
  'layout.switchLanguage': 'English',
  'layout.switchLanguageLabel': 'Show this page in English',
  'layout.footer': 'スーパーコンピュータのアカウント申請とアカウント管理。',
  'layout.nav': 'メイン',

  'form.errorPrefix': 'エラー：',

  'home.title': 'スーパーコンピュータを利用する',
  'home.lead1': '研究者の方は、ここでゲノム解析スーパーコンピュータのアカウントを申請できます。',
  'home.lead2': '申請はスタッフが審査し、アカウント登録証を所属機関あてに郵送します。',
  'home.lead3':
    'アカウントをお持ちの方は、ログインして登録情報・SSH 公開鍵・パスワードの管理と年度ごとの更新ができます。',
  'home.apply': 'アカウントを申請する',
  'home.login': 'ログイン',

  'error.notFound.title': 'ページが見つかりません',
  'error.notFound.body':
    'アドレスを入力した場合は、正しいか確認してください。貼り付けた場合は、アドレス全体をコピーしたか確認してください。',
  'error.forbidden.title': 'この操作はできません',
  'error.forbidden.body': 'このページを表示する権限、またはこの操作を行う権限がありません。',
  'error.csrf.title': 'フォームを送信できませんでした',
  'error.csrf.body':
    'フォームを開いてから時間が経ちすぎたか、別のサイトから送信されたか、ブラウザが Cookie をブロックしたため、受け付けませんでした。何も保存・変更されていません。',
  'error.csrf.next': '前のページに戻り、ページを再読み込みしてからもう一度送信してください。',
  'error.tooMany.title': 'リクエストが多すぎます',
  'error.tooMany.body':
    'お使いのネットワークからのリクエストが多すぎます。1 分ほど待ってから、もう一度お試しください。',
  'api.reference.title': 'API リファレンス',
  'api.reference.auth':
    'すべての呼び出しで Authorization ヘッダーに API トークンを送ってください（Authorization: Bearer sca_…）。トークンはスタッフ画面の「API トークン」ページで作成します（管理者はサービスアカウント用も作成できます）。トークンは一度だけ表示され、有効期間は最長 1 年で、スコープを持ちます。各操作に必要なスコープを示しています。',
  'api.reference.base': 'ベースアドレス：',
  'api.reference.document': 'OpenAPI 3.1 ドキュメント（バージョン {version}）',
  'api.reference.scope': 'スコープ：',
  'api.reference.parameters': 'パラメーター',
  'api.reference.responses': '応答',
  'api.reference.problems': 'エラーコード',
  'error.unauthorized.title': '有効な API トークンが必要です',
  'error.unauthorized.body':
    '有効期限内で失効していない API トークンを Authorization ヘッダーで送ってください（Authorization: Bearer sca_…）。トークンはスタッフ画面の「API トークン」ページまたは sc-account tokens create で作成します。',
  'error.staffOnly.title': 'この操作はスタッフ本人だけが行えます',
  'error.staffOnly.body':
    'この操作はスタッフの名前で記録されます。スタッフ本人が自分用に作成したトークンか、スタッフ画面を使ってください。',
  'error.scope.title': 'この API トークンでは実行できません',
  'error.scope.body':
    'この操作にはスコープ「{scope}」が必要ですが、トークンにありません。そのスコープを持つトークンを作成してください。',
  'error.conflict.title': '現在この操作はできません',
  'error.conflict.body': '対象が変更されたか、この操作ができない状態です。もう一度内容を確認してからお試しください。',
  'error.badRequest.title': 'リクエストを処理できませんでした',
  'error.badRequest.body': '前のページに戻り、もう一度お試しください。繰り返し起きる場合はセンターへご連絡ください。',
  'error.invalidInput.title': '送信された内容に正しくない値があります',
  'error.invalidInput.body':
    'フォームの値が選択肢にないか、決められた形式ではありませんでした。何も変更されていません。前のページに戻り、ページを再読み込みしてからもう一度お試しください。',
  'error.controlCharacter.title': '使用できない文字が含まれています',
  'error.controlCharacter.body':
    '項目「{field}」に制御文字（NUL やバックスペースなど）が含まれています。制御文字はどの項目にも入力できません。このフォームの内容は保存されていません。前のページに戻り、その文字を削除して（入力し直すのが確実です）もう一度送信してください。',
  'error.privateKey.title': '秘密鍵が送信されました。保存していません',
  'error.privateKey.body':
    'フォームに秘密鍵（お使いのコンピュータの外に出してはいけない鍵）が含まれていました。このフォームの内容は保存も記録もしていません。その鍵は漏えいしたものとして扱い、鍵ペアを削除して ssh-keygen -t ed25519 で作り直してください。そのうえで前のページに戻り、秘密鍵を含めずに送信してください。',
  'error.server.title': '申し訳ありません。サービスに問題が発生しています',
  'error.server.body': 'このエラーによって入力内容が失われることはありません。時間をおいてもう一度お試しください。',
  'error.server.reference': 'センターにお問い合わせの際は、次の参照番号をお知らせください：{reference}',
  'error.unavailable.title': '申し訳ありません。ただいまサービスを利用できません',
  'error.unavailable.body':
    'サービスは再開の途中で、数分で戻る見込みです。このページより前に入力した内容は失われていません。1分ほどおいてからもう一度お試しください。',
  'error.home': 'ホームページへ',

  'mail.test.subject': 'スーパーコンピュータ アカウントサービスからのテストメール',
  'mail.test.body':
    'このメールは、アカウントサービスがメールを送信できることを確認するためのものです。対応は不要です。',
  'mail.footer': 'このメールはスーパーコンピュータ アカウントサービスから送信されました。返信しないでください。',
};
