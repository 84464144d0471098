// The backup file format checked against a second, independent implementation of what backup.ts documents
// (written here with WebCrypto only), so a change to the format, or to how a file is read, shows up as a
// failing test rather than as backups that no longer open. The round trip and the basic refusals are in
// test/unit/backup-file.test.ts; this file covers the cases that need a file built by hand.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackupError, decryptBackup, encryptBackup, type BackupErrorCode, type BackupPayload } from './backup';
import { base64ToBytes, bytesToBase64 } from './base64';
import { MIN_PASSPHRASE_LENGTH } from './format';

const PASS = 'backup passphrase of mine';
const ITERATIONS = 1000;
const CHECK = 'b2km-backup-v1-check';
const enc = new TextEncoder();

const payload: BackupPayload = {
  v: 1,
  exportedAt: 1_764_000_000_000,
  accounts: [
    { accountId: 'acc1', label: 'Work', endpoint: 'https://api.backblazeb2.com', managingKeyId: 'acc1', applicationKey: 'K001masterSecretValueAAAAAAAAAAA', capabilities: ['listKeys'], bucketRestriction: [{ id: 'b1', name: null }], namePrefix: 'logs/', s3ApiUrl: null, addedAt: 1 },
  ],
  secrets: [{ accountId: 'acc1', applicationKeyId: '004aaa', keyName: 'one', savedAt: 2, applicationKey: 'K004firstAppKeySecretBBBBBBBBBBB' }],
  lost: [],
};

interface File {
  format: string;
  v: number;
  kdf: { name: string; hash: string; iterations: number; salt: string };
  check: { iv: string; ct: string };
  body: { iv: string; ct: string };
  sha256: string;
}

const headerText = (f: Omit<File, 'body' | 'sha256'>) => JSON.stringify([f.format, f.v, f.kdf.name, f.kdf.hash, f.kdf.iterations, f.kdf.salt, f.check.iv, f.check.ct]);

async function sha256Hex(f: Omit<File, 'sha256'>): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', enc.encode(JSON.stringify([headerText(f), f.body.iv, f.body.ct]))));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function kek(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', enc.encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

const gcm = async (key: CryptoKey, iv: Uint8Array<ArrayBuffer>, aad: string, data: Uint8Array<ArrayBuffer>) =>
  new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: enc.encode(aad), tagLength: 128 }, key, data));

/** A backup written by hand from the documented format, with any body bytes (so authentic content can be bad). */
async function handMade(body: Uint8Array<ArrayBuffer>, passphrase = PASS): Promise<File> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const key = await kek(passphrase, salt, ITERATIONS);
  const checkIv = crypto.getRandomValues(new Uint8Array(12));
  const header = {
    format: 'b2km-backup',
    v: 1,
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: ITERATIONS, salt: bytesToBase64(salt) },
    check: { iv: bytesToBase64(checkIv), ct: bytesToBase64(await gcm(key, checkIv, CHECK, enc.encode(CHECK))) },
  };
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const withBody = { ...header, body: { iv: bytesToBase64(iv), ct: bytesToBase64(await gcm(key, iv, headerText(header), body)) } };
  return { ...withBody, sha256: await sha256Hex(withBody) };
}

/** The file with `edit` applied and its digest recomputed, as someone editing it on purpose would. */
async function edited(text: string, edit: (f: File) => void): Promise<string> {
  const f = JSON.parse(text) as File;
  edit(f);
  f.sha256 = await sha256Hex(f);
  return JSON.stringify(f);
}

async function refusal(p: Promise<unknown>): Promise<BackupError> {
  const e = await p.then(
    () => null,
    (error: unknown) => error,
  );
  if (!(e instanceof BackupError)) throw new Error(`expected a BackupError, got ${String(e)}`);
  return e;
}
const code = async (p: Promise<unknown>): Promise<BackupErrorCode> => (await refusal(p)).code;

describe('the backup format, read and written by a second implementation', () => {
  it('a file written by hand from the documented format opens to its payload', async () => {
    const file = await handMade(enc.encode(JSON.stringify(payload)));
    await expect(decryptBackup(JSON.stringify(file), PASS)).resolves.toEqual(payload);
  });

  it('every exported file has the documented digest, check block and body (and none is readable without the passphrase)', async () => {
    // Several files: a digest rule that only goes wrong for some byte values (such as a hex byte below 0x10) shows up.
    for (let n = 0; n < 4; n++) {
      const f = JSON.parse(await encryptBackup(payload, PASS, { iterations: ITERATIONS })) as File;
      expect(Object.keys(f)).toEqual(['format', 'v', 'kdf', 'check', 'body', 'sha256']);
      expect(f).toMatchObject({ format: 'b2km-backup', v: 1, kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: ITERATIONS } });
      expect(f.sha256).toBe(await sha256Hex(f));
      const key = await kek(PASS, base64ToBytes(f.kdf.salt), f.kdf.iterations);
      const open = async (iv: string, aad: string, ct: string) =>
        new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: base64ToBytes(iv), additionalData: enc.encode(aad), tagLength: 128 }, key, base64ToBytes(ct)));
      expect(await open(f.check.iv, CHECK, f.check.ct)).toBe(CHECK);
      expect(JSON.parse(await open(f.body.iv, headerText(f), f.body.ct))).toEqual(payload);
    }
  });
});

describe('what the person is told', () => {
  it('authentic content that is not a payload (not UTF-8, not JSON, wrong shape) is a damaged file', async () => {
    // [content, the error behind it]: not UTF-8 and not JSON keep theirs for diagnostics; a wrong shape has none.
    const bodies: [Uint8Array<ArrayBuffer>, unknown][] = [
      [new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), expect.any(TypeError)],
      [enc.encode('{"v":1,'), expect.any(SyntaxError)],
      [enc.encode(JSON.stringify({ ...payload, accounts: [{ accountId: 'acc1' }] })), undefined],
      [enc.encode(JSON.stringify({ ...payload, v: 2 })), undefined],
      [enc.encode('null'), undefined],
    ];
    for (const [body, cause] of bodies) {
      const text = JSON.stringify(await handMade(body));
      const e = await refusal(decryptBackup(text, PASS));
      expect(e.code, new TextDecoder().decode(body)).toBe('DAMAGED');
      expect(e.cause).toEqual(cause);
      expect(await code(decryptBackup(text, 'not the backup passphrase'))).toBe('WRONG_PASSPHRASE');
    }
  });

  it('a ciphertext that is not base64, even with the digest recomputed, is damage (never a crash)', async () => {
    const text = await encryptBackup(payload, PASS, { iterations: ITERATIONS });
    const cases: ((f: File) => void)[] = [(f) => (f.body.ct = 'not base64!'), (f) => (f.check.ct = 'not base64!'), (f) => (f.body.ct = f.body.ct.slice(0, -1))];
    for (const edit of cases) {
      const e = await refusal(decryptBackup(await edited(text, edit), PASS));
      expect(e.code).toBe('DAMAGED');
      expect(e.cause).toBeInstanceOf(TypeError);
    }
    const tampered = await refusal(decryptBackup(await edited(text, (f) => (f.body.iv = bytesToBase64(new Uint8Array(12)))), PASS));
    expect(tampered).toMatchObject({ code: 'DAMAGED', cause: expect.any(Error) });
  });

  it('tells a cut-short backup (damage) from text that never was one', async () => {
    const text = await encryptBackup(payload, PASS, { iterations: ITERATIONS });
    const cut = text.slice(0, text.length >> 1);
    expect(await refusal(decryptBackup(cut, PASS))).toMatchObject({ code: 'DAMAGED', cause: expect.any(SyntaxError) });
    // Leading white space (a file saved by an editor) does not make it something else.
    expect(await code(decryptBackup(`\n  ${cut}`, PASS))).toBe('DAMAGED');
    // Parses but lacks the rest of a backup.
    expect(await code(decryptBackup('{"format":"b2km-backup","v":1}', PASS))).toBe('DAMAGED');
    for (const notOne of ['{ not json', '{"format":"b2km-backup-x"', 'see "b2km-backup" {', 'null', '[]', '42', '"b2km-backup"', '']) {
      expect(await code(decryptBackup(notOne, PASS)), notOne).toBe('NOT_A_BACKUP');
    }
  });

  it('only a higher numeric version is "made by a newer version"; any other version is damage', async () => {
    const text = await encryptBackup(payload, PASS, { iterations: ITERATIONS });
    expect(await code(decryptBackup(await edited(text, (f) => (f.v = 2)), PASS))).toBe('UNSUPPORTED_VERSION');
    for (const v of [0, '2', null]) expect(await code(decryptBackup(await edited(text, (f) => (f.v = v as number)), PASS)), String(v)).toBe('DAMAGED');
  });

  it('each refusal is a sentence that says what happened and what to do; the file is never half imported', async () => {
    const text = await encryptBackup(payload, PASS, { iterations: ITERATIONS });
    const errors = [
      await refusal(decryptBackup('hello', PASS)),
      await refusal(decryptBackup(text.slice(0, 100), PASS)),
      await refusal(decryptBackup(text, 'another passphrase')),
      await refusal(decryptBackup(await edited(text, (f) => (f.v = 2)), PASS)),
    ];
    expect(errors.map((e) => e.code)).toEqual(['NOT_A_BACKUP', 'DAMAGED', 'WRONG_PASSPHRASE', 'UNSUPPORTED_VERSION']);
    for (const e of errors) {
      expect(e.name).toBe('BackupError');
      expect(e.message).toMatch(/^[A-Z].*\.$/);
      expect(e.message).toContain('Nothing was imported.');
    }
    expect(errors[0]!.message).toContain('Export vault');
    expect(errors[2]!.message).toContain('passphrase you chose');
    expect(errors[3]!.message).toContain('Update the extension');
    const weak = await refusal(encryptBackup(payload, 'short', { iterations: ITERATIONS }));
    expect(weak.message).toBe(`The backup passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters long.`);
  });
});

describe('the backup passphrase', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('needs MIN_PASSPHRASE_LENGTH characters, counted as code points after NFC', async () => {
    const eight = 'x'.repeat(MIN_PASSPHRASE_LENGTH);
    const text = await encryptBackup(payload, eight, { iterations: ITERATIONS });
    await expect(decryptBackup(text, eight)).resolves.toEqual(payload);
    expect(await code(encryptBackup(payload, eight.slice(1), { iterations: ITERATIONS }))).toBe('WEAK_PASSPHRASE');
    // 4 emoji are 8 UTF-16 units; 8 decomposed "é" are 4 characters once composed.
    expect(await code(encryptBackup(payload, '🔑🔑🔑🔑', { iterations: ITERATIONS }))).toBe('WEAK_PASSPHRASE');
    expect(await code(encryptBackup(payload, 'e\u0301e\u0301e\u0301e\u0301', { iterations: ITERATIONS }))).toBe('WEAK_PASSPHRASE');
  });

  it('an empty passphrase is a wrong one, also where WebCrypto refuses an empty PBKDF2 password', async () => {
    const text = await encryptBackup(payload, PASS, { iterations: ITERATIONS });
    // As some browsers do (Node's WebCrypto accepts it).
    const importKey = crypto.subtle.importKey.bind(crypto.subtle);
    vi.spyOn(crypto.subtle, 'importKey').mockImplementation(((format: KeyFormat, data: BufferSource, algorithm: AlgorithmIdentifier, extractable: boolean, usages: KeyUsage[]) => {
      if (algorithm === 'PBKDF2' && data.byteLength === 0) return Promise.reject(new DOMException('Password is empty.', 'OperationError'));
      return importKey(format as 'raw', data, algorithm, extractable, usages);
    }) as typeof crypto.subtle.importKey);
    expect(await code(decryptBackup(text, ''))).toBe('WRONG_PASSPHRASE');
    await expect(decryptBackup(text, PASS)).resolves.toEqual(payload);
  });

  it('opens with the other Unicode spelling of the same passphrase', async () => {
    const nfc = 'Crème brûlée à Zürich';
    const text = await encryptBackup(payload, nfc.normalize('NFD'), { iterations: ITERATIONS });
    await expect(decryptBackup(text, nfc)).resolves.toEqual(payload);
  });

  it('refuses to export a payload that is not in the backup format (nothing half written)', async () => {
    const bad = { ...payload, secrets: [{ accountId: 'acc1', applicationKeyId: '004aaa' }] } as unknown as BackupPayload;
    await expect(encryptBackup(bad, PASS, { iterations: ITERATIONS })).rejects.toThrow();
  });
});
