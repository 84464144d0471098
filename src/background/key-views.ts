/**
 * What a page is told about keys: a cached key plus what the vault knows of it (a saved secret, a damaged one,
 * the account's own key, "applicationKey lost"), and what the create journal has to report.
 */
import type { CreateCheckView, KeyView } from '../rpc/protocol';
import type { CachedKey, CreateRecord, RecordRead, StoredAccount, StoredSecret, LostKey } from '../storage';
import { settlesAt, type JournalTiming } from './create-journal';

export interface VaultFacts {
  secrets: RecordRead<StoredSecret>;
  lost: Record<string, LostKey>;
  /** New keys whose secret the vault refused, held sealed in memory (create-methods.ts saveHeldSecrets). */
  held?: ReadonlySet<string>;
}

export function keyView(account: StoredAccount, facts: VaultFacts, k: CachedKey): KeyView {
  // The managing key's applicationKey is saved with the account itself, never as a secrets entry.
  if (k.applicationKeyId === account.managingKeyId) return { ...k, hasSecret: true, isManagingKey: true, secretDamaged: false, lost: false };
  const { secrets } = facts;
  // A damaged entry still counts as saved: revealing it says it is damaged instead of pretending it never existed.
  // A secrets record of the wrong type may have held any key's secret: every key is shown as damaged.
  const secretDamaged = secrets.corrupt || secrets.damaged.includes(k.applicationKeyId);
  const hasSecret = secretDamaged || k.applicationKeyId in secrets.valid;
  const held = !hasSecret && facts.held?.has(k.applicationKeyId) === true;
  return { ...k, hasSecret, isManagingKey: false, secretDamaged, lost: !hasSecret && k.applicationKeyId in facts.lost, ...(held ? { held } : {}) };
}

/**
 * What the popup shows of a create record: nothing for a create that simply worked. `stillLost`: whether a key
 * the record found lost is still flagged so; one whose applicationKey reached the vault since (a held copy written,
 * Save secret) or that was deleted is no longer "lost", and a record whose lost keys are all dealt with says nothing.
 */
export function checkView(r: CreateRecord, timing: JournalTiming, stillLost: (applicationKeyId: string) => boolean = () => true): CreateCheckView | null {
  const base = { id: r.id, keyName: r.keyName, startedAt: r.startedAt, detail: r.detail, saved: r.savedKeyId !== null };
  if (r.resolution === null) {
    if (r.state === 'saved') return null;
    return { ...base, status: 'checking', checkAt: settlesAt(r, timing), lostKeyIds: [] };
  }
  if (r.resolution.lostKeyIds.length) {
    const lostKeyIds = r.resolution.lostKeyIds.filter(stillLost);
    return lostKeyIds.length ? { ...base, status: 'lost', checkAt: null, lostKeyIds } : null;
  }
  if (r.state === 'saved') return null;
  return { ...base, status: r.resolution.created ? 'created' : 'notCreated', checkAt: null, lostKeyIds: [] };
}

export function checkViews(records: readonly CreateRecord[], accountId: string, timing: JournalTiming, stillLost?: (applicationKeyId: string) => boolean): CreateCheckView[] {
  return records
    .filter((r) => r.accountId === accountId)
    .map((r) => checkView(r, timing, stillLost))
    .filter((v): v is CreateCheckView => v !== null)
    .sort((a, b) => a.startedAt - b.startedAt || (a.keyName < b.keyName ? -1 : a.keyName > b.keyName ? 1 : 0));
}
