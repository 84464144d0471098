/**
 * The one scanner every test uses to look for known secrets in a dump of stored data, in every encoding a
 * careless implementation might have used: plain, JSON-escaped, URL-encoded, hex (either case), and base64
 * (standard and URL-safe) at each of the 3 byte alignments inside a longer base64 run. A secret that is
 * itself base64 (the unlocked data key) is also looked for as its decoded bytes in each of those forms.
 */

/** The base64 characters of `bytes` that do not depend on what comes before or after them in a longer run. */
function base64Cores(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    // `shift` unknown bytes in front: the first ceil(4·shift/3) characters mix them with the secret's bits.
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64').replace(/=+$/, '');
    const start = Math.ceil((shift * 4) / 3);
    // The last character of a run that ends mid-group depends on what follows it; a run ending on a whole
    // group does not, so it is kept then.
    const end = (shift + bytes.length) % 3 === 0 ? encoded.length : encoded.length - 1;
    const core = encoded.slice(start, end);
    if (core.length >= 12) out.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

function byteForms(bytes: Buffer): string[] {
  return [bytes.toString('hex'), bytes.toString('hex').toUpperCase(), ...base64Cores(bytes)];
}

export function encodings(secret: string): string[] {
  const out = new Set<string>([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), ...byteForms(Buffer.from(secret, 'utf8'))]);
  if (/^[A-Za-z0-9+/_-]+=*$/.test(secret) && secret.length >= 16) {
    const raw = Buffer.from(secret.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (raw.length >= 12) for (const form of byteForms(raw)) out.add(form);
  }
  return [...out].filter((e) => e.length >= 8);
}

export interface Leak {
  secretLabel: string;
  encoding: string;
}

/** Returns every (secret, encoding) found in the serialised dump; empty means clean. */
export function findSecrets(dump: unknown, secrets: Record<string, string>): Leak[] {
  const text = typeof dump === 'string' ? dump : JSON.stringify(dump);
  const leaks: Leak[] = [];
  for (const [label, secret] of Object.entries(secrets)) {
    if (!secret || secret.length < 8) throw new Error(`secret "${label}" is too short to scan for reliably`);
    for (const enc of encodings(secret)) if (text.includes(enc)) leaks.push({ secretLabel: label, encoding: enc });
  }
  return leaks;
}

/**
 * What storage.session holds that must never reach a disk area: the unlocked data key and every auth token.
 * `requireDataKey` makes a locked vault (no data key to scan for) an error instead of a silently smaller scan.
 */
export function sessionSecrets(session: Record<string, unknown>, requireDataKey = true): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof session['dataKey'] === 'string') out['unlocked data key'] = session['dataKey'];
  else if (requireDataKey) throw new Error('storage.session holds no data key: the vault is locked, so the scan could not include it');
  const tokens = (session['tokens'] ?? {}) as Record<string, { authorizationToken?: string }>;
  for (const [id, t] of Object.entries(tokens)) if (t.authorizationToken) out[`auth token ${id}`] = t.authorizationToken;
  return out;
}
