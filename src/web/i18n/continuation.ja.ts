// 利用者の年度更新（/account/renewal）の文言：アカウントの状況、更新の各画面、
// 成果とその「取得」ボタン。
import type { continuationEn } from './continuation.en.js';

export const continuationJa: Record<keyof typeof continuationEn, string> = {
  'user.nav.renewal': '年度更新',
  'user.renewal.title': '年度更新',
  'user.renewal.titleFor': '{year}年度のアカウント更新',
  'user.renewal.valid': 'アカウントは{year}年度（{end}年3月31日まで）更新済みです。',
  'user.renewal.nextOpens': '{year}年度の更新は{date}に始まります。その際にメールでお知らせします。',
  'user.renewal.unlocking':
    'アカウントを更新しました。1分以内にロックが解除され、スーパーコンピュータに再びログインできます。',
  'user.renewal.review':
    '{year}年度の更新を受け付けました。新しい責任者が誓約書に署名し、センターが変更を承認すると更新が完了します。',
  'user.renewal.due':
    '{date}より前に{year}年度のアカウント更新をしてください。更新されていないアカウントはその日からロックされます。',
  'user.renewal.deletion':
    '更新されていないアカウントのホームディレクトリは削除の対象になっています。今すぐ更新してください。まだ削除されていないものは残ります。',
  'user.renewal.youNeed': '次のことをお尋ねします：',
  'user.renewal.need.details': '所属と利用目的の確認または変更',
  'user.renewal.need.responsible': '責任者の確認、または新しい責任者',
  'user.renewal.need.achievements': '{year}年度の成果（論文・発表など）、またはなかったこと',
  'user.renewal.start': '始める',
  'user.renewal.continue': '更新の続きをする',
  'user.renewal.sent.renewed': '{year}年度のアカウント更新が完了しました。ありがとうございます。',
  'user.renewal.sent.review': '更新を送信しました。今後の流れをメールでお送りしました。',

  'user.renewal.details.title': '所属と利用目的',
  'user.renewal.details.intro':
    'センターに登録されている内容を確認してください。変わったところは直してください。変更は更新を送信したときに記録されます。',
  'user.renewal.details.open': '登録内容の変更申請が審査中のため、その結果が出るまでここでは変更できません：',
  'user.renewal.details.purposeHint': 'これからの1年間のスーパーコンピュータの利用目的（150文字以上）。',

  'user.renewal.responsible.title': '責任者',
  'user.renewal.responsible.current': '現在の責任者',
  'user.renewal.responsible.name': '氏名',
  'user.renewal.responsible.question': '{name}さんは引き続き責任者ですか？',
  'user.renewal.responsible.hint': '新しい責任者は誓約書に署名し、センターが変更を承認してから更新が完了します。',
  'user.renewal.responsible.same': 'はい',
  'user.renewal.responsible.new': 'いいえ、新しい責任者がいます',
  'user.renewal.responsible.error': '責任者が変わらないかどうかを選んでください',
  'user.renewal.responsible.newIntro':
    '新しい責任者について入力してください。更新は責任者変更申請とともに送信されます。',
  'user.renewal.responsible.open': '新しい責任者への変更申請が審査中です。承認されると更新が完了します：',

  'user.renewal.achievements.title': '{year}年度の成果',
  'user.renewal.achievements.intro':
    '{year}年4月から{end}年3月までのスーパーコンピュータの利用による成果（論文、学会発表、ポスター、書籍など）を報告してください。センターは資金提供機関へ報告します。',
  'user.renewal.achievements.question': '{year}年度に報告する成果はありますか？',
  'user.renewal.achievements.yes': 'はい',
  'user.renewal.achievements.no': '今年度の成果はない',
  'user.renewal.achievements.another': 'ほかにも成果を追加しますか？',
  'user.renewal.achievements.yesAnother': 'はい、追加する',
  'user.renewal.achievements.noMore': 'いいえ',
  'user.renewal.achievements.error': '報告する成果があるかどうかを選んでください',
  'user.renewal.achievements.errorAnother': '成果を追加するかどうかを選んでください',
  'user.renewal.achievements.errorMany': '1回の更新で報告できる成果は{max}件までです',
  'user.renewal.achievements.remove': '削除',
  'user.renewal.achievements.none': '今年度の成果はない',

  'user.renewal.entry.title': '成果',
  'user.renewal.entry.n': '成果{n}',
  'user.renewal.entry.type': '種類',
  'user.renewal.type.paper': '論文',
  'user.renewal.type.conference': '学会発表',
  'user.renewal.type.poster': 'ポスター',
  'user.renewal.type.book': '書籍',
  'user.renewal.type.other': 'その他',
  'user.renewal.entry.pmid': 'PubMed ID（任意）',
  'user.renewal.entry.pmidHint': '例：31452104',
  'user.renewal.entry.doiHint': '任意。例：10.1093/nar/gkz1035',
  'user.renewal.entry.titleField': 'タイトル',
  'user.renewal.entry.authors': '著者',
  'user.renewal.entry.authorsHint': '掲載のとおり。例：Tanaka H, Smith J',
  'user.renewal.entry.authorsJa': '著者（日本語、任意）',
  'user.renewal.entry.authorsJaHint': '例：田中 花子、鈴木 一郎',
  'user.renewal.entry.journal': '雑誌名・学会名・出版社（任意）',
  'user.renewal.entry.journalHint': '例：Nucleic Acids Research',
  'user.renewal.entry.scope': '国内・国際',
  'user.renewal.entry.scopeHint': '論文では必須です。',
  'user.renewal.scope.domestic': '国内',
  'user.renewal.scope.international': '国際',
  'user.renewal.entry.publishedOn': '日付（任意）',
  'user.renewal.entry.publishedOnHint': '年、年と月、または日：2026、2026-11、2026-11-30',
  'user.renewal.entry.volume': '巻（任意）',
  'user.renewal.entry.number': '号（任意）',
  'user.renewal.entry.pages': 'ページ（任意）',
  'user.renewal.entry.save': '成果を保存する',

  'user.renewal.lookup.legend': 'PubMed または Crossref から入力',
  'user.renewal.lookup.hint':
    'PubMed ID または DOI を入力して「取得」を選ぶと、下の項目が入力されます。あとから直すことも、自分で入力することもできます。',
  'user.renewal.lookup.get.pmid': 'PubMed から取得',
  'user.renewal.lookup.get.doi': 'Crossref から取得',
  'user.renewal.lookup.filled': '{service} から入力しました。内容を確認してから保存してください。',
  'user.renewal.lookup.pmid.invalid': 'PubMed ID を数字で入力してください（例：31452104）',
  'user.renewal.lookup.pmid.notFound': 'この ID の論文は PubMed にありません。確認するか、内容を自分で入力してください',
  'user.renewal.lookup.pmid.unavailable':
    '現在 PubMed に接続できません。内容を自分で入力するか、あとでもう一度「取得」を選んでください。',
  'user.renewal.lookup.doi.invalid': 'DOI を入力してください（例：10.1093/nar/gkz1035）',
  'user.renewal.lookup.doi.notFound':
    'この DOI の文献は Crossref にありません。確認するか、内容を自分で入力してください',
  'user.renewal.lookup.doi.unavailable':
    '現在 Crossref に接続できません。内容を自分で入力するか、あとでもう一度「取得」を選んでください。',

  'user.renewal.error.type': '成果の種類を選んでください',
  'user.renewal.error.pmid': 'PubMed ID を数字で入力してください（例：31452104）',
  'user.renewal.error.doi': 'DOI を入力してください（例：10.1093/nar/gkz1035）',
  'user.renewal.error.titleRequired': 'タイトルを入力してください',
  'user.renewal.error.tooLong': '{max}文字以内で入力してください',
  'user.renewal.error.journalScope': '国内か国際かを選んでください',
  'user.renewal.error.publishedOn': '日付は 2026、2026-11、2026-11-30 の形で入力してください',

  'user.renewal.publication.title': '成果の公開',
  'user.renewal.publication.question': '利用の成果をセンターが公開してもよいですか？',
  'user.renewal.publication.hint':
    'センターは成果のタイトルと著者を年報で公開します。特許出願の前などは公開を延期できます。',
  'user.renewal.publication.publish': 'はい、公開してよい',
  'user.renewal.publication.postpone': '公開を延期する',
  'user.renewal.publication.reason': '延期の理由',
  'user.renewal.publication.reasonHint': '公開を延期する場合のみ。',
  'user.renewal.publication.error': '成果を公開してよいかどうかを選んでください',
  'user.renewal.publication.errorReason': '公開を延期する理由を入力してください',

  'user.renewal.check.title': '送信する前に更新の内容を確認してください',
  'user.renewal.check.changes': '変更する項目',
  'user.renewal.check.noChanges': '変更なし',
  'user.renewal.check.sameResponsible': '{name}（変更なし）',
  'user.renewal.check.openManager': '審査中の責任者変更申請のとおり',
  'user.renewal.check.renewsNow': '送信すると、すぐにアカウントが更新されます。',
  'user.renewal.check.waits':
    '送信すると、新しい責任者が誓約書に署名し、センターが変更を承認するまで更新は保留になります。',
  'user.renewal.check.submit': '更新を送信する',
  'user.renewal.check.errorDetails': '登録内容に直すところがあります。「変更」を選んでください',
  'user.renewal.check.errorResponsible': '新しい責任者の内容に直すところがあります',
  'user.renewal.check.errorAchievement': '成果{n}に直すところがあります',
  'user.renewal.check.errorPublication': '成果を公開してよいかどうかを選んでください',
  'user.renewal.check.errorOpen': 'その間に責任者変更申請が作られました。責任者の画面に戻ってください',
};
