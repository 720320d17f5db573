// 申請開始ページと、申請の各ステップに表示するお知らせ（受付停止期間・サービスの受付停止）の日本語メッセージ。
import type { applyStartEn } from './apply-start.en.js';

export const applyStartJa: Record<keyof typeof applyStartEn, string> = {
  'applyStart.title': 'スーパーコンピュータのアカウントを申請する',
  'applyStart.lead':
    'このサービスで、ゲノム解析スーパーコンピュータの新規アカウントを申請できます。アカウントは申請者本人が、申請した利用目的にのみ使用できます。',

  'applyStart.who.heading': '申請できる方',
  'applyStart.who.intro':
    'アカウントは外国為替及び外国貿易法（外為法）に基づいて発行します。次のいずれかに当てはまる方が申請できます。',
  'applyStart.who.faculty': '外為法上の居住者で、大学または公的研究機関の教員・研究者である方',
  'applyStart.who.guided':
    '上記の方の共同研究者、または上記の方の指導のもとで研究する研究者・学生・業務委託先の方（留学生や海外の研究者を含みます）',
  'applyStart.who.responsible':
    '申請には責任者が必要です。責任者は 1 つ目に当てはまる方でなければなりません。ご自身が当てはまる場合は、ご自身が責任者になれます。',
  'applyStart.who.screening':
    '外為法上の非居住者に当たる場合（日本に入国して 6 か月未満の方、海外に住んでいる方、海外の機関に勤務している方など）は、追加でいくつか質問します。その確認に時間がかかることがあります。',
  'applyStart.who.sharing': 'アカウントを他の人と共有すること、申請した利用目的以外に使うことは禁止されています。',

  'applyStart.prepare.heading': '申請の前に準備するもの',
  'applyStart.prepare.intro': '次のものが必要です。',
  'applyStart.prepare.email':
    '所属機関のメールアドレス（フリーメールのアドレスは特別な事情がある場合のみ受け付けます）',
  'applyStart.prepare.affiliation': '所属機関の住所と電話番号（アカウント登録証はこの住所に郵送します）',
  'applyStart.prepare.purpose': '利用目的の説明（150 文字以上）',
  'applyStart.prepare.sshKey': 'SSH の鍵ペア（ED25519 を推奨。公開鍵はアカウント発行後に登録することもできます）',
  'applyStart.prepare.responsible':
    '責任者の氏名・職名・所属機関・メールアドレス・住所・電話番号、および責任者がアカウントをお持ちの場合はそのアカウント名',
  'applyStart.ssh.heading': 'SSH の鍵ペアの作り方',
  'applyStart.ssh.run':
    'macOS、Linux、Windows（PowerShell）で次のコマンドを実行し、求められたらパスフレーズを設定してください。',
  'applyStart.ssh.files':
    'ホームフォルダの .ssh フォルダに、秘密鍵 id_ed25519 と公開鍵 id_ed25519.pub の 2 つのファイルができます。申請フォームには公開鍵（ssh-ed25519 で始まる 1 行）だけを貼り付けてください。',
  'applyStart.ssh.private': '秘密鍵は、センターを含め誰にも送らないでください。',

  'applyStart.time.heading': '所要時間',
  'applyStart.time.form':
    '必要な情報が手元にあれば、フォームの入力には 20 分ほどかかります。その多くは利用目的を書く時間と、（まだない場合の）SSH 鍵を作る時間です。入力内容はステップごとに保存されるので、途中でやめても 30 日以内であれば続きから入力できます。',
  'applyStart.time.issue':
    '申請から通常 1 週間以内にスタッフからご連絡します。アカウント登録証は、署名済みの誓約書の提出から 1 週間ほどで郵送します。外為法に基づく追加の審査が必要な場合は、さらに時間がかかることがあります。',

  'applyStart.next.heading': '申請後の流れ',
  'applyStart.next.verify': 'ご入力のメールアドレスにリンクを送ります。そのリンクから申請フォームを開きます。',
  'applyStart.next.review': '申請後、通常 1 週間以内に、スタッフから申請者と責任者にメールでご連絡します。',
  'applyStart.next.pledge':
    '責任者が誓約書にオンラインで署名します。外為法上の非居住者に当たる申請者は、ご本人も誓約書に署名します。',
  'applyStart.next.screening':
    '外為法に基づく追加の審査が必要な場合は、経歴・雇用形態・利用期間について、スタッフから追加の情報をお願いします。',
  'applyStart.next.certificate':
    '誓約書の提出から 1 週間ほどで、アカウント名と初期パスワードを記載したアカウント登録証を所属機関あてに郵送します。',
  'applyStart.next.login': 'SSH でゲートウェイにログインし、初期パスワードを変更してください。',

  'applyStart.terms.heading': '利用規程',
  'applyStart.terms.intro': '申請の前にお読みください。申請の送信時に、同意していただきます。',
  'applyStart.terms.termsOfUse': '利用規程',
  'applyStart.terms.criteria': 'アカウント発行基準',

  'applyStart.start': '申請を始める',

  'notice.banner.title': '重要なお知らせ',
  'notice.warning': '注意',
  'notice.closure.heading': '{end}（日本時間）まで申請の受付を停止しています',
  'notice.closure.reason': '理由：{reason}',
  'notice.closure.drafts': '入力途中の申請は保存されており、受付再開後に送信できます。',
  'notice.closure.loginsBlocked': 'この期間は、アカウントページへのログインもできません。',
  'notice.closure.cannotStart': '{end}（日本時間）まで、申請を始めることはできません。',
  'notice.suspended.heading': '一部の申請の受付を停止しています',
  'notice.suspended.announcement': 'この件のお知らせを読む',
  'notice.gaClosed.cannotStart': '現在、新規アカウントの申請の受付を停止しています。',
  'notice.service.ga_account': '一般解析区画のアカウント',
  'notice.service.ga_large_storage': '一般解析区画の大規模ストレージ',
  'notice.service.pg': '個人ゲノム解析区画',
  'notice.service.workshop': '講習会用アカウント',
};
