/**
 * How an opened backup merges into this vault. Never overwrites an existing secret silently: an entry that differs
 * from what is here is a conflict, kept as it is unless the person chose to take the file's. Pure: the caller
 * opens what is stored (a damaged entry is `damaged`) and applies the plan in one write.
 */
import type { BackupAccount, BackupLost, BackupPayload, BackupSecret } from '../vault/backup';

export type OnConflict = 'keep' | 'replace';

/** What is stored here, opened. */
export interface LocalVault {
  accounts: Record<string, { managingKeyId: string; endpoint: string; applicationKey: string | 'damaged' }>;
  /** By accountId, then keyID; 'damaged': an entry that does not open. A whole record of the wrong type is listed in `corruptSecrets`. */
  secrets: Record<string, Record<string, string | 'damaged'>>;
  corruptSecrets: ReadonlySet<string>;
  lost: Record<string, ReadonlySet<string>>;
  /** Accounts whose record here fails its schema (every one, when the accounts record has the wrong type): not in `accounts`, yet not missing. */
  damagedAccounts?: ReadonlySet<string>;
}

export interface Conflict {
  kind: 'account' | 'secret';
  accountId: string;
  applicationKeyId: string;
  keyName: string;
  /** A sentence: what differs. */
  reason: string;
}

export interface MergePlan {
  addAccounts: BackupAccount[];
  /** Accounts whose managing key the file replaces (chosen on conflict); the key they had stays as a saved secret. */
  replaceAccounts: BackupAccount[];
  putSecrets: BackupSecret[];
  flagLost: BackupLost[];
  /** `replaced`: the conflicts where the file's entry goes in (the rest keep the one here). */
  counts: { added: number; same: number; conflicting: number; replaced: number; skipped: number };
  conflicts: Conflict[];
  /** Sentences, one per skipped entry kind. */
  skipped: string[];
}

/** Accepts an endpoint the way the options page would (checked by the caller, which knows the rules). */
export type EndpointCheck = (endpoint: string) => boolean;

/**
 * Which of two applicationKeys B2 accepts, asked by the caller (b2_authorize_account with each). A keyID has one
 * secret at a time, so when the copy here and the file's differ, at most one of them still works: after the
 * console's "Generate New Master Application Key" an old backup holds the dead one. 'both': only for an account
 * whose managing keys differ in keyID too, which can both work. 'unknown': B2 could not be asked, or did not
 * settle it.
 */
export type Verdict = 'here' | 'file' | 'both' | 'neither' | 'unknown';
export const verdictKey = (accountId: string, applicationKeyId: string): string => JSON.stringify([accountId, applicationKeyId]);

/** A conflict B2 can settle: two secrets that both open, for one keyID or for an account's two managing keys. */
export interface SecretPair {
  accountId: string;
  /** The file's keyID (the conflict's). */
  applicationKeyId: string;
  /** The keyID of the one here: another than the file's only for an account managed here with another key. */
  hereKeyId: string;
  here: string;
  file: string;
}

/** The conflicts of `planImport` that B2 can settle: two different secrets, both readable. */
export function secretPairs(file: BackupPayload, local: LocalVault): SecretPair[] {
  const pairs: SecretPair[] = [];
  for (const a of file.accounts) {
    const here = local.accounts[a.accountId];
    // Another keyID too: "Replace" would put the file's key in charge of the account, so B2 must accept it first.
    if (here && here.applicationKey !== 'damaged' && (here.managingKeyId !== a.managingKeyId || here.applicationKey !== a.applicationKey)) {
      pairs.push({ accountId: a.accountId, applicationKeyId: a.managingKeyId, hereKeyId: here.managingKeyId, here: here.applicationKey, file: a.applicationKey });
    }
  }
  for (const s of file.secrets) {
    const here = local.corruptSecrets.has(s.accountId) ? undefined : local.secrets[s.accountId]?.[s.applicationKeyId];
    if (here !== undefined && here !== 'damaged' && here !== s.applicationKey) pairs.push({ accountId: s.accountId, applicationKeyId: s.applicationKeyId, hereKeyId: s.applicationKeyId, here, file: s.applicationKey });
  }
  return pairs;
}

/**
 * What a conflict's sentence adds once B2 has been asked, and whether the file's secret may replace the one here.
 * `sameKeyId`: both secrets are for one keyID (else an account's managing keys of two keyIDs).
 */
function settle(verdict: Verdict, onConflict: OnConflict, sameKeyId: boolean): { replace: boolean; says: string } {
  switch (verdict) {
    case 'here':
      return { replace: false, says: ' B2 accepts the one here and refuses the file’s, so the one here stays whichever you choose.' };
    case 'file':
      return { replace: onConflict === 'replace', says: ' B2 accepts the file’s and refuses the one here: choose “Replace them with the file’s” to take it.' };
    case 'both':
      return { replace: onConflict === 'replace', says: ' B2 accepts both.' };
    case 'neither':
      // The account's own key is kept unless B2 accepts the file's: a swap for a key of another keyID gains nothing.
      if (!sameKeyId) return { replace: false, says: ' B2 refuses both, so the one here stays whichever you choose.' };
      return { replace: onConflict === 'replace', says: ' B2 refuses both.' };
    case 'unknown':
      // Never trade a secret that may be the working one for one that may be dead without B2's word on it.
      return { replace: false, says: ' B2 could not be asked which one it accepts, so the one here stays whichever you choose; import again when B2 can be reached.' };
  }
}

/**
 * `verdicts` (by verdictKey) settle the conflicts of `secretPairs`: one missing counts as 'unknown', so such a
 * conflict is never replaced without B2's word on it.
 */
export function planImport(file: BackupPayload, local: LocalVault, onConflict: OnConflict, endpointOk: EndpointCheck, verdicts: ReadonlyMap<string, Verdict> = new Map()): MergePlan {
  const pairs = new Map(secretPairs(file, local).map((p) => [verdictKey(p.accountId, p.applicationKeyId), p]));
  /** Whether the file's entry replaces the one here on a conflict, and what the conflict's sentence adds. */
  const decide = (accountId: string, applicationKeyId: string) => {
    const key = verdictKey(accountId, applicationKeyId);
    const pair = pairs.get(key);
    return pair ? settle(verdicts.get(key) ?? 'unknown', onConflict, pair.hereKeyId === pair.applicationKeyId) : { replace: onConflict === 'replace', says: '' };
  };
  const plan: MergePlan = { addAccounts: [], replaceAccounts: [], putSecrets: [], flagLost: [], counts: { added: 0, same: 0, conflicting: 0, replaced: 0, skipped: 0 }, conflicts: [], skipped: [] };
  const skip = (sentence: string) => {
    plan.counts.skipped++;
    plan.skipped.push(sentence);
  };
  for (const a of file.accounts) {
    const here = local.accounts[a.accountId];
    if (!endpointOk(a.endpoint)) {
      skip(`Account ${a.accountId}: its API endpoint ${a.endpoint} is not allowed here.`);
      continue;
    }
    if (local.damagedAccounts?.has(a.accountId)) {
      // What the damaged record still holds (perhaps the account's only copy of its key) is not written over.
      plan.counts.conflicting++;
      plan.conflicts.push({ kind: 'account', accountId: a.accountId, applicationKeyId: a.managingKeyId, keyName: a.label, reason: 'The account’s record stored here is damaged, so it is left as it is whichever you choose.' });
      continue;
    }
    if (!here) {
      plan.addAccounts.push(a);
      plan.counts.added++;
    } else if (here.applicationKey !== 'damaged' && here.managingKeyId === a.managingKeyId && here.applicationKey === a.applicationKey && here.endpoint === a.endpoint) {
      plan.counts.same++;
    } else {
      plan.counts.conflicting++;
      const endpoint = here.endpoint !== a.endpoint ? `Its API endpoint here is ${here.endpoint}; the file has ${a.endpoint}.` : '';
      const reason =
        here.applicationKey === 'damaged'
          ? 'The account’s key stored here is damaged.'
          : here.managingKeyId !== a.managingKeyId
            ? // The endpoint too: "Replace" would send the account's key there from then on.
              `Added here with keyID ${here.managingKeyId}; the file has keyID ${a.managingKeyId}.${endpoint && ` ${endpoint}`}`
            : endpoint || 'Its applicationKey here differs from the file’s.';
      const { replace, says } = decide(a.accountId, a.managingKeyId);
      plan.conflicts.push({ kind: 'account', accountId: a.accountId, applicationKeyId: a.managingKeyId, keyName: a.label, reason: reason + says });
      if (replace) {
        plan.replaceAccounts.push(a);
        plan.counts.replaced++;
      }
    }
  }
  for (const s of file.secrets) {
    if (local.corruptSecrets.has(s.accountId)) {
      skip(`keyID ${s.applicationKeyId}: the saved secrets of account ${s.accountId} here are damaged, so nothing is written over them.`);
      continue;
    }
    const here = local.secrets[s.accountId]?.[s.applicationKeyId];
    if (here === undefined) {
      plan.putSecrets.push(s);
      plan.counts.added++;
    } else if (here === s.applicationKey) {
      plan.counts.same++;
    } else {
      plan.counts.conflicting++;
      const { replace, says } = decide(s.accountId, s.applicationKeyId);
      plan.conflicts.push({
        kind: 'secret',
        accountId: s.accountId,
        applicationKeyId: s.applicationKeyId,
        keyName: s.keyName,
        reason: (here === 'damaged' ? 'The copy saved here is damaged.' : 'The applicationKey saved here differs from the file’s.') + says,
      });
      if (replace) {
        plan.putSecrets.push(s);
        plan.counts.replaced++;
      }
    }
  }
  const incoming = new Set(plan.putSecrets.map((p) => JSON.stringify([p.accountId, p.applicationKeyId])));
  const willHaveSecret = (accountId: string, keyId: string) => local.secrets[accountId]?.[keyId] !== undefined || incoming.has(JSON.stringify([accountId, keyId]));
  for (const l of file.lost) {
    // A note, not a secret: added when missing and still true (no secret for that key here or in the file).
    if (!local.lost[l.accountId]?.has(l.applicationKeyId) && !willHaveSecret(l.accountId, l.applicationKeyId) && !local.corruptSecrets.has(l.accountId)) plan.flagLost.push(l);
  }
  return plan;
}
