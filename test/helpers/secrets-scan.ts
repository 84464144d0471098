/**
 * Looks for known secrets in a dump of stored data, in every encoding a careless implementation might
 * have used: plain, base64 (standard and URL-safe, at each of the 3 byte alignments), hex, and JSON-escaped.
 */
function b64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64');
}

function encodings(secret: string): string[] {
  const out = new Set<string>([secret, JSON.stringify(secret).slice(1, -1), Buffer.from(secret, 'utf8').toString('hex'), Buffer.from(secret, 'utf8').toString('hex').toUpperCase(), encodeURIComponent(secret)]);
  // A secret embedded in a longer base64 string shows up at one of three alignments; strip the edge characters
  // that depend on neighbours so each alignment's core can be searched for.
  for (let shift = 0; shift < 3; shift++) {
    const encoded = b64('x'.repeat(shift) + secret);
    const core = encoded.slice(shift === 0 ? 0 : Math.ceil((shift * 4) / 3) + 1, -4);
    if (core.length >= 12) {
      out.add(core);
      out.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
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
