// アカウントページのメッセージ（user.en.ts と同じキー）。
import type { userEn } from './user.en.js';

export const userJa: Record<keyof typeof userEn, string> = {
  'user.service': 'アカウントページ',
  'user.login.title': 'アカウントページにログイン',
  'user.login.intro': 'スーパーコンピュータのアカウント名とパスワードを使います。',
  'user.login.accountName': 'アカウント名',
  'user.login.password': 'パスワード',
  'user.login.submit': 'ログイン',
  'user.login.failed':
    'アカウント名またはパスワードが正しくありません。確認して、もう一度入力してください。失敗が続くと、このネットワークからのログインは15分間止まります。',
  'user.login.forgot': 'パスワードを忘れた場合',
  'user.login.noAccount': 'アカウントをお持ちでない方は、アカウントを申請してください',
  'user.logout': 'ログアウト',
  'user.loggedOut.title': 'ログアウトしました',
  'user.loggedOut.body': 'このコンピュータを他の人も使う場合は、ブラウザのウィンドウを閉じてください。',
  'user.loggedOut.again': 'もう一度ログイン',
  'user.signedInAs': '{account} でログイン中',

  'user.locked.title': 'アカウントはロックされています',
  'user.locked.not_renewed':
    'アカウント {account} は、今年度の継続手続きがされなかったためロックされました。継続手続きをすると再び使えるようになります。それまではスーパーコンピュータにログインできません。',
  'user.locked.suspended':
    'アカウント {account} は、利用終了の申請が承認されたため終了しました。再び利用するには、新しくアカウントを申請してください。',
  'user.locked.staff':
    'アカウント {account} はセンターによりロックされています。理由と手続きについて、アカウント名を添えてセンターにお問い合わせください。',
  'user.locked.group_ended':
    'アカウント {account} は、作成のもとになったグループ・講習会の利用期間が終了したためロックされました。引き続き利用するには、個人のアカウントを申請してください。',
  'user.locked.ended': 'アカウント {account} は終了しています。再び利用するには、新しくアカウントを申請してください。',
  'user.locked.contact': 'お問い合わせ：アカウント名を添えて {email} までご連絡ください。',

  'user.nav.info': 'アカウント情報',
  'user.nav.sshKeys': 'SSH公開鍵',
  'user.nav.password': 'パスワード',

  'user.info.title': 'アカウント情報',
  'user.info.accounts': 'アカウント',
  'user.info.accountName': 'アカウント名',
  'user.info.division': '区画',
  'user.info.group': 'UNIXグループ',
  'user.info.quota': 'ストレージ容量',
  'user.info.state': '状態',
  'user.info.validThrough': '更新済みの年度',
  'user.info.registered': '登録年度',
  'user.info.fiscalYear': '{year}年度（{year}年4月〜{next}年3月）',
  'user.info.applicant': '申請者の情報',
  'user.info.affiliation': '所属',
  'user.info.responsible': '責任者',
  'user.info.loggedInWith':
    '{account} でログインしています。他のアカウントのSSH公開鍵とパスワードは、そのアカウント名でログインして管理してください。',
  'user.division.ga': '一般解析区画',
  'user.division.pg': '個人ゲノム解析区画',
  'user.state.provisioning': '準備中',
  'user.state.active': '利用中',
  'user.state.locked': 'ロック中',
  'user.state.ended': '終了',

  'user.keys.title': 'SSH公開鍵',
  'user.keys.intro':
    'スーパーコンピュータへは、これらの鍵のいずれかでログインします。秘密鍵はご自分のコンピュータに置いてください。ここに登録するのは公開鍵だけです。',
  'user.keys.none': 'このアカウントにはSSH公開鍵が登録されていません。',
  'user.keys.caption': '{account} のSSH公開鍵',
  'user.keys.type': '種類',
  'user.keys.fingerprint': 'フィンガープリント',
  'user.keys.comment': 'コメント',
  'user.keys.added': '登録日',
  'user.keys.status': '状態',
  'user.keys.status.active': '使用中',
  'user.keys.status.adding': '反映待ち（追加）',
  'user.keys.status.removing': '反映待ち（削除）',
  'user.keys.pending':
    '変更は1分以内にスーパーコンピュータに反映されます。完了はこのページを再読み込みして確認できます。',
  'user.keys.remove': '削除',
  'user.keys.removeHidden': '鍵 {fingerprint}',
  'user.keys.add.title': '鍵を追加',
  'user.keys.add.label': '公開鍵',
  'user.keys.add.hint':
    '公開鍵ファイル（例：~/.ssh/id_ed25519.pub）の内容を貼り付けてください。ssh-ed25519、ecdsa-sha2-、ssh-rsa のいずれかで始まります。秘密鍵は絶対に貼り付けないでください。',
  'user.keys.add.submit': '鍵を追加',
  'user.keys.addedBanner': '鍵 {fingerprint} を追加しました。1分以内に反映されると使えるようになります。',
  'user.keys.removedBanner': '鍵 {fingerprint} を削除しています。',
  'user.keys.error.required': 'SSH公開鍵を入力してください',
  'user.keys.error.duplicate': 'この鍵はすでにこのアカウントに登録されています',
  'user.keys.error.last':
    'この鍵を削除する前に、別の鍵を追加してください。鍵がないとスーパーコンピュータにログインできません',
  'user.keys.error.gone': 'この鍵はこのアカウントに登録されていません（すでに削除された可能性があります）',
  'user.keys.confirm.title': 'このSSH公開鍵を削除しますか？',
  'user.keys.confirm.body': '{fingerprint} に対応する秘密鍵では、スーパーコンピュータにログインできなくなります。',
  'user.keys.confirm.submit': '鍵を削除',
  'user.keys.confirm.cancel': '削除しない',

  'user.password.title': 'パスワードの変更',
  'user.password.current': '現在のパスワード',
  'user.password.new': '新しいパスワード',
  'user.password.hint':
    '12文字以上。どの文字も使え、空白も使えます。関係のない単語をいくつか並べると、長くても覚えやすいパスワードになります。他で使っているパスワードは使わないでください。',
  'user.password.new2': '新しいパスワード（確認）',
  'user.password.submit': 'パスワードを変更',
  'user.password.strength.0': '強度：とても弱い',
  'user.password.strength.1': '強度：弱い',
  'user.password.strength.2': '強度：普通',
  'user.password.strength.3': '強度：強い',
  'user.password.strength.4': '強度：とても強い',
  'user.password.error.current': '現在のパスワードが正しくありません',
  'user.password.error.required': '新しいパスワードを入力してください',
  'user.password.error.too_short': '新しいパスワードは12文字以上にしてください',
  'user.password.error.too_long': '新しいパスワードは256文字以下にしてください',
  'user.password.error.common':
    'このパスワードはよく使われているか、漏えいしたことがあります。別の新しいパスワードを選んでください',
  'user.password.error.contains_account_name': '新しいパスワードにアカウント名を含めないでください',
  'user.password.error.mismatch': '2つの新しいパスワードが一致しません',
  'user.password.done.title': 'パスワードを変更しました',
  'user.password.done.body':
    'これからは新しいパスワードを使ってください（スーパーコンピュータでも）。他の場所で開いていたこのページからはログアウトしました。',
  'user.password.pending.title': '新しいパスワードを反映しています',
  'user.password.pending.body':
    '1分以内にスーパーコンピュータでも使えるようになります。他の場所で開いていたこのページからはログアウトしました。',

  'user.recover.title': 'SSH鍵でパスワードを再設定',
  'user.recover.intro':
    'パスワードを忘れた場合、アカウントに登録されたSSH公開鍵の秘密鍵を持っていることを示すと、新しいパスワードを設定できます。メールは送られません。',
  'user.recover.accountName': 'アカウント名',
  'user.recover.continue': '次へ',
  'user.recover.sign.title': 'この文字列にSSH鍵で署名してください',
  'user.recover.sign.intro':
    '秘密鍵のあるコンピュータで次のコマンドを実行してください（鍵ファイルが ~/.ssh/id_ed25519 でない場合は、ご自分の鍵ファイルに置き換えてください）。下の文字列に署名するだけで、どこにも送信されません。',
  'user.recover.sign.expires': 'この文字列は10分間、1回だけ使えます。',
  'user.recover.signature': '署名',
  'user.recover.signatureHint':
    'コマンドが表示したものを、-----BEGIN SSH SIGNATURE----- から -----END SSH SIGNATURE----- まですべて貼り付けてください。',
  'user.recover.verify': '署名を確認',
  'user.recover.error.required': 'コマンドが表示した署名を貼り付けてください',
  'user.recover.error.malformed':
    'SSH署名ではありません。コマンドが表示したものを、BEGIN と END の行も含めてすべて貼り付けてください',
  'user.recover.error.namespace': '別の用途の署名です。-n sc-account を付けてコマンドを実行してください',
  'user.recover.error.bad':
    '署名が、この文字列とこのアカウントに登録されたSSH公開鍵に一致しません。もう一度コマンドを実行し、表示されたものをすべて貼り付けてください',
  'user.recover.error.privateKey':
    'これは署名ではなく秘密鍵です。保存していません。その鍵は漏えいしたものとして扱い、鍵ペアを削除して作り直してください。コマンドが表示した -----BEGIN SSH SIGNATURE----- から END の行までだけを貼り付けてください',
  'user.recover.error.accountName': 'アカウント名を入力してください',
  'user.recover.expired': 'このパスワード再設定は期限切れか、すでに使われています。最初からやり直してください。',
  'user.recover.new.title': '新しいパスワードを設定',
  'user.recover.new.submit': '新しいパスワードを設定',
  'user.recover.done.title': 'パスワードを再設定しました',
  'user.recover.done.body':
    '新しいパスワードでログインしてください。スーパーコンピュータでも1分以内に使えるようになります。',
  'user.recover.noKey': 'SSH公開鍵が登録されていない、または使えない場合',
  'user.recover.noKeyLink': '登録証の再発行を郵送で依頼する',
  'user.reissue.title': '登録証の再発行を郵送で依頼する',
  'user.reissue.intro':
    'パスワードを忘れ、アカウントに登録した SSH 鍵も使えない場合は、新しい初期パスワードを記載した登録証をスタッフが郵送します。郵送先はセンターに登録されている住所のみです。スタッフが依頼を承認すると、現在のパスワードは使えなくなります。',
  'user.reissue.accountName': 'アカウント名',
  'user.reissue.message': 'スタッフへのメッセージ（任意）',
  'user.reissue.messageHint': '例：住所が変わった場合や、SSH 鍵を使えない理由など。',
  'user.reissue.submit': '依頼を送信',
  'user.reissue.error.accountName': 'アカウント名を入力してください',
  'user.reissue.error.message': 'メッセージは 2,000 文字以内で入力してください',
  'user.reissue.done.title': '依頼を受け付けました',
  'user.reissue.done.body':
    '{account} がセンターのアカウントであれば、スタッフが依頼を確認し、センターに登録されている住所へ新しい登録証を郵送します。アカウントのメールアドレスにも依頼があったことを通知します。お問い合わせ：{email}',

  'mail.accountChanged.subject.sshKeyAdded': 'アカウント {account} にSSH公開鍵が追加されました',
  'mail.accountChanged.subject.sshKeyRemoved': 'アカウント {account} からSSH公開鍵が削除されました',
  'mail.accountChanged.subject.passwordChanged': 'アカウント {account} のパスワードが変更されました',
  'mail.accountChanged.subject.passwordReset': 'アカウント {account} のパスワードがSSH鍵で再設定されました',
  'mail.accountChanged.body.sshKeyAdded': '{at}、アカウント {account} にSSH公開鍵 {detail} が追加されました。',
  'mail.accountChanged.body.sshKeyRemoved': '{at}、アカウント {account} からSSH公開鍵 {detail} が削除されました。',
  'mail.accountChanged.body.passwordChanged': '{at}、アカウント {account} のパスワードが変更されました。',
  'mail.accountChanged.body.passwordReset':
    '{at}、アカウント {account} のパスワードがSSH鍵 {detail} により再設定されました。',
  'mail.accountChanged.subject.sshKeyRevoked': 'センターがアカウント {account} からSSH公開鍵を削除しました',
  'mail.accountChanged.body.sshKeyRevoked':
    '{at}、安全でなくなったおそれがあるため、センターがアカウント {account} からSSH公開鍵 {detail} を削除しました。新しい鍵ペアを作成し、アカウントページ（パスワードでログイン）で公開鍵を追加してください。',
  'mail.accountChanged.subject.lockedByStaff': 'アカウント {account} がセンターによりロックされました',
  'mail.accountChanged.subject.unlockedByStaff': 'アカウント {account} のロックが解除されました',
  'mail.accountChanged.body.lockedByStaff':
    '{at}、センターがアカウント {account} をロックしました。ロックが解除されるまで、スーパーコンピュータにもアカウントページにもログインできません。理由：{detail}',
  'mail.accountChanged.body.unlockedByStaff':
    '{at}、センターがアカウント {account} のロックを解除しました。再びログインできます。',
  'mail.accountChanged.contact': 'ご不明な点は、アカウント名を添えてセンターまでお問い合わせください。',
  'mail.accountChanged.notYou':
    'お心当たりがない場合は、すぐにセンターにご連絡ください。他の人があなたのアカウントを使っている可能性があります。',
};
