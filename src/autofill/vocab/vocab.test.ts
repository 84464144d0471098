import { describe, expect, it } from 'vitest';
import { foldText, normalizeText, scoreText, scoreTextDetailed, vocabTag } from '../score';
import { VOCAB_TABLES } from './index';

const THRESHOLD = 6;

describe('label vocabulary tables', () => {
  it('has a table for each language issue 11 names (and Traditional Chinese), and the ones added since', () => {
    const issue11 = ['de', 'es', 'fr', 'it', 'ja', 'ko', 'nl', 'pl', 'pt', 'ru', 'zh-Hans', 'zh-Hant'];
    const since = ['ar', 'bg', 'ca', 'cs', 'da', 'el', 'fi', 'he', 'hi', 'hr', 'hu', 'id', 'nb', 'ro', 'sk', 'sv', 'th', 'tr', 'uk', 'vi', 'lt', 'lv', 'et', 'sl', 'sr', 'ms', 'sw', 'fa', 'is', 'sq', 'af', 'fil', 'kk', 'ka', 'hy', 'am', 'bn', 'ta', 'eu', 'gl', 'cy', 'mn', 'uz', 'ur', 'eo', 'lo', 'pa', 'az', 'be', 'mk', 'ga', 'gu', 'ha', 'km', 'kn', 'lb', 'ml', 'mr', 'mt', 'my', 'ne', 'ps', 'si', 'te', 'yo', 'zu', 'ckb', 'sd'];
    expect(VOCAB_TABLES.map((t) => t.lang).sort()).toEqual([...issue11, ...since].sort());
  });

  for (const table of VOCAB_TABLES) {
    describe(table.lang, () => {
      it('names the keyID, the applicationKey and decoys', () => {
        for (const role of ['keyId', 'secret', 'decoy'] as const) expect(table.entries.some((e) => e.role === role && e.weight >= 6)).toBe(true);
      });

      // Reachable: scored on its own, the phrase is read by its own entry (no longer phrase, duplicate or
      // phrase that folds to the same text takes it first) and lands on its role.
      for (const entry of table.entries) {
        it(`reaches ${entry.role} ${JSON.stringify(entry.text)}`, () => {
          const detailed = scoreTextDetailed(entry.text);
          // A word two languages share ("Nome" in Italian and Portuguese) is read once, by either entry.
          const same = VOCAB_TABLES.flatMap((t) =>
            t.entries
              .filter((e) => normalizeText(e.text) === normalizeText(entry.text) && e.role === entry.role && e.weight === entry.weight)
              .map((e) => (e.role === 'decoy' ? `not:${vocabTag(t.lang, e)}` : vocabTag(t.lang, e))),
          );
          expect(same).toContain(entry.role === 'decoy' ? `not:${vocabTag(table.lang, entry)}` : vocabTag(table.lang, entry));
          expect(detailed.hits, `hits of ${entry.text}`).toHaveLength(1);
          expect(same).toContain(detailed.hits[0]);
          if (entry.role === 'decoy') {
            expect(Math.max(detailed.keyId, detailed.secret)).toBeLessThan(0);
          } else {
            const other = entry.role === 'keyId' ? detailed.secret : detailed.keyId;
            expect(entry.role === 'keyId' ? detailed.keyId : detailed.secret).toBe(entry.weight);
            expect(other).toBe(0);
          }
        });
      }
    });
  }
});

describe('folding', () => {
  it.each([
    ['Schlüssel-ID', 'schlussel id'],
    ['SCHLÜSSEL-ID', 'schlussel id'],
    ['Straße', 'strasse'],
    ["Clé d'application", 'cle d application'],
    ['Clave de aplicación', 'clave de aplicacion'],
    ['Hasło', 'haslo'],
    // й and ё lose their marks like any accent: the page's text is folded the same way.
    ['Идентификатор учётной записи', 'идентификатор учетнои записи'],
    ['ＩＤ', 'id'],
    ['アクセスキーID', 'アクセスキーid'],
    ['バケット', 'バケット'],
    ['키 ID', '키 id'],
    // Vowel signs are part of the word, not accents: kept.
    ['คีย์ลับ', 'คีย์ลับ'],
    ['कुंजी आईडी', 'कुंजी आईडी'],
    // Arabic script's optional vowel signs and the ezafe's hamza go; Persian kaf and yeh read as Arabic's.
    ['شناسهٔ کلید', 'شناسه كليد'],
    ['مِفتاح', 'مفتاح'],
    ['مستوى', 'مستوي'],
    // A variation selector after an emoji is no letter of the word beside it.
    ['secret🔐\ufe0fkey', 'secret key'],
  ])('%j → %j', (raw, folded) => {
    expect(normalizeText(raw)).toBe(folded);
  });

  it('keeps kana voicing marks and Hangul syllables whole', () => {
    expect(foldText('バ')).toBe('バ');
    expect(foldText('비밀')).toBe('비밀');
  });
});

function role(text: string): 'keyId' | 'secret' | 'none' {
  const s = scoreText(text);
  if (s.keyId >= THRESHOLD && s.keyId > s.secret) return 'keyId';
  if (s.secret >= THRESHOLD && s.secret > s.keyId) return 'secret';
  return 'none';
}

describe('labels as forms write them', () => {
  it.each([
    ['Anwendungsschlüssel-ID', 'keyId'],
    ['Anwendungsschlüssel', 'secret'],
    ['ANWENDUNGSSCHLUSSEL', 'secret'],
    ['Geheimer Zugriffsschlüssel', 'secret'],
    ['Zugriffsschlüssel', 'keyId'],
    ['Verschlüsselungsschlüssel', 'none'],
    ['Identifiant du compte B2', 'keyId'],
    ["Clé d'application B2", 'secret'],
    ['Phrase secrète', 'none'],
    // Bosnian, Croatian and Serbian word order for "access key" (heldout-10).
    ['Ključ za pristup', 'keyId'],
    ['Tajni ključ za pristup', 'secret'],
    ['Ključ pristupa', 'keyId'],
    ['Clave de acceso secreta', 'secret'],
    ['ID de clave de aplicación', 'keyId'],
    ["ID chiave dell'applicazione", 'keyId'],
    ['ID de la clave de la aplicación', 'keyId'],
    ["Identifiant de la clé de l'application", 'keyId'],
    ['ID of the application key', 'keyId'],
    ['Application key', 'secret'],
    ['Chiave segreta', 'secret'],
    ['ID da chave de aplicativo', 'keyId'],
    ['Nova chave de aplicativo', 'secret'],
    ['Toegangssleutel-ID', 'keyId'],
    ['Geheime toegangssleutel', 'secret'],
    ['Identyfikator klucza aplikacji', 'keyId'],
    ['Klucz aplikacji', 'secret'],
    ['Hasło repozytorium', 'none'],
    ['Идентификатор ключа доступа', 'keyId'],
    ['Секретный ключ доступа', 'secret'],
    ['Пароль шифрования', 'none'],
    ['アクセスキー ID', 'keyId'],
    ['アクセスキーID', 'keyId'],
    ['シークレットアクセスキー', 'secret'],
    ['パスワード', 'none'],
    ['应用程序密钥 ID', 'keyId'],
    ['应用程序密钥', 'secret'],
    ['加密密码', 'none'],
    ['應用程式金鑰 ID', 'keyId'],
    ['秘密存取金鑰', 'secret'],
    ['密钥名称', 'none'],
    ['액세스 키 ID', 'keyId'],
    ['비밀 액세스 키', 'secret'],
    ['비밀번호', 'none'],
    ['Password', 'none'],
    ['Encryption passphrase', 'none'],
    // The languages added after issue 11: a keyID, a secret, and a word that looks like one but is not.
    ['Åtkomstnyckel-ID', 'keyId'],
    ['Hemlig åtkomstnyckel', 'secret'],
    ['Lösenord för kryptering', 'none'],
    ['Adgangsnøgle', 'keyId'],
    ['Adgangskode', 'none'],
    ['Kontonummer', 'none'],
    ['Tilgangsnøkkel-ID', 'keyId'],
    ['Hemmelig nøkkel', 'secret'],
    ['Sovellusavaimen tunnus', 'keyId'],
    ['Käyttäjätunnus', 'none'],
    ['ID přístupového klíče', 'keyId'],
    ['Tajný klíč', 'secret'],
    ['Titkos hozzáférési kulcs', 'secret'],
    ['Titkosítás', 'none'],
    ['ID-ul cheii de acces', 'keyId'],
    ['Uygulama anahtarı kimliği', 'keyId'],
    ['GİZLİ ERİŞİM ANAHTARI', 'secret'],
    ['Şifre', 'none'],
    ['Ідентифікатор ключа доступу', 'keyId'],
    ['Секретний ключ', 'secret'],
    ['Ключ за достъп', 'keyId'],
    ['ΚΛΕΙΔΙ ΠΡΟΣΒΑΣΗΣ', 'keyId'],
    ['Κωδικός πρόσβασης', 'none'],
    ['Khoá truy cập bí mật', 'secret'],
    ['Mã hóa', 'none'],
    ['ID kunci akses', 'keyId'],
    ['Kata sandi', 'none'],
    ['Tajni pristupni ključ', 'secret'],
    // Thai (no spaces between words) and Hindi, whose vowel signs are marks kept with their letters.
    ['คีย์การเข้าถึง', 'keyId'],
    ['คีย์การเข้าถึงลับของคุณ', 'secret'],
    ['กรอกคีย์ลับ', 'secret'],
    ['รหัสผ่าน', 'none'],
    ['एक्सेस कुंजी आईडी', 'keyId'],
    ['गुप्त एक्सेस कुंजी', 'secret'],
    ['उपयोगकर्ता की आईडी', 'none'],
    ['एक्सेस की अवधि', 'none'],
    ['पासवर्ड', 'none'],
    ["Clau d'accés secreta", 'secret'],
    ['معرف مفتاح الوصول', 'keyId'],
    ['كلمة السر', 'none'],
    ['מפתח גישה סודי', 'secret'],
    ['应用密钥编号', 'keyId'],
    ['金鑰編號', 'keyId'],
    // Twenty-three more languages: a keyID, a secret, and a word that looks like one but is not.
    ['Identigilo de aplikaĵa ŝlosilo', 'keyId'],
    ['Sekreta alira ŝlosilo', 'secret'],
    ['Pasvorto', 'none'],
    ['ລະຫັດກະແຈການເຂົ້າເຖິງ', 'keyId'],
    ['ກະແຈລັບ', 'secret'],
    // Inside a longer label: Lao, Khmer and Burmese are read as Thai is (no spaces between words).
    ['ປ້ອນກະແຈລັບ', 'secret'],
    ['ລະຫັດຜ່ານ', 'none'],
    ['ਐਕਸੈਸ ਕੁੰਜੀ ਆਈਡੀ', 'keyId'],
    ['ਗੁਪਤ ਐਕਸੈਸ ਕੁੰਜੀ', 'secret'],
    ['ਪਾਸਵਰਡ', 'none'],
    ['Giriş açarının ID-si', 'keyId'],
    ['Gizli giriş açarı', 'secret'],
    ['Şifrə', 'none'],
    ['Ідэнтыфікатар ключа доступу', 'keyId'],
    ['Сакрэтны ключ доступу', 'secret'],
    ['Імя карыстальніка', 'none'],
    ['ID на клучот за пристап', 'keyId'],
    ['Таен клуч за пристап', 'secret'],
    ['Лозинка', 'none'],
    ['ID eochrach rochtana', 'keyId'],
    ['Eochair rochtana rúnda', 'secret'],
    ['Pasfhocal', 'none'],
    ['ઍક્સેસ કી આઈડી', 'keyId'],
    ['ગુપ્ત ઍક્સેસ કી', 'secret'],
    ['પાસવર્ડ', 'none'],
    ['ID na maɓallin shiga', 'keyId'],
    ['Maɓallin sirri', 'secret'],
    ['Kalmar sirri', 'none'],
    ['លេខសម្គាល់សោចូលប្រើ', 'keyId'],
    ['សោសម្ងាត់', 'secret'],
    ['ពាក្យសម្ងាត់', 'none'],
    ['ಪ್ರವೇಶ ಕೀ ಐಡಿ', 'keyId'],
    ['ರಹಸ್ಯ ಪ್ರವೇಶ ಕೀ', 'secret'],
    ['ಪಾಸ್\u200cವರ್ಡ್', 'none'],
    ['Zougangsschlëssel-ID', 'keyId'],
    ['Geheime Zougangsschlëssel', 'secret'],
    ['Passwuert', 'none'],
    ['ആക്സസ് കീ ഐഡി', 'keyId'],
    ['രഹസ്യ ആക്\u200cസസ് കീ', 'secret'],
    ['പാസ്\u200cവേഡ്', 'none'],
    ['ॲक्सेस की आयडी', 'keyId'],
    ['गुप्त ॲक्सेस की', 'secret'],
    ['वापरकर्तानाव', 'none'],
    ["ID taċ-ċavetta ta' aċċess", 'keyId'],
    ['Ċavetta sigrieta', 'secret'],
    ['Kelma sigrieta', 'none'],
    ['ဝင်ရောက်ခွင့်ကီး ID', 'keyId'],
    ['လျှို့ဝှက်ကီး', 'secret'],
    ['စကားဝှက်', 'none'],
    ['पहुँच कुञ्जी आईडी', 'keyId'],
    ['गोप्य पहुँच कुञ्जी', 'secret'],
    ['प्रयोगकर्ताको नाम', 'none'],
    ['د لاسرسي د کیلي پېژند', 'keyId'],
    ['د لاسرسي پټ کیلي', 'secret'],
    ['پټنوم', 'none'],
    ['ප්\u200dරවේශ යතුරු ID', 'keyId'],
    ['රහස්\u200dය යතුර', 'secret'],
    ['මුරපදය', 'none'],
    ['యాక్సెస్ కీ ఐడి', 'keyId'],
    ['రహస్య యాక్సెస్ కీ', 'secret'],
    ['పాస్\u200cవర్డ్', 'none'],
    ['ID kọ́kọ́rọ́ ìwọlé', 'keyId'],
    ['Kọ́kọ́rọ́ àṣírí', 'secret'],
    ['Ọ̀rọ̀ aṣínà', 'none'],
    ['ID yokhiye wokufinyelela', 'keyId'],
    ['Ukhiye oyimfihlo', 'secret'],
    ['Iphasiwedi', 'none'],
    ['ناسنامەی کلیلی دەستگەیشتن', 'keyId'],
    ['کلیلی نهێنی', 'secret'],
    ['وشەی نهێنی', 'none'],
  ] as const)('%j → %s', (text, expected) => {
    expect(role(text)).toBe(expected);
  });
});
