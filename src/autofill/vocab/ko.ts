import { d, k, s, type VocabTable } from './types';

export const ko: VocabTable = {
  lang: 'ko',
  entries: [
    k('애플리케이션 키 ID'), k('응용 프로그램 키 ID'), k('앱 키 ID'), k('액세스 키 ID'), k('액세스 키 아이디'), k('키 ID', 9),
    k('키 아이디', 9), k('계정 ID', 8), k('액세스 키', 7),
    s('비밀 액세스 키'), s('시크릿 액세스 키'), s('시크릿 키'), s('비밀 키'), s('애플리케이션 키'), s('앱 키'),
    s('응용 프로그램 키'), s('마스터 키', 9), s('키', 3),
    // "아이디" alone is how Korean sites name the user name of their own login.
    d('비밀번호'), d('암호'), d('사용자 이름'), d('아이디'), d('버킷'), d('키 이름'), d('암호화'), d('이메일'),
    // A sign-in's second step: "인증 코드" / "인증번호" (verification code).
    d('인증 코드'), d('인증번호'),
    // A protocol's shared secret is held by its two ends, never a storage key (score.ts).
    d('공유 비밀', 8),
  ],
};
