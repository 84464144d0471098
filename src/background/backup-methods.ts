/**
 * Export vault / Import backup (options page). The export holds every account with its managing key, every saved
 * applicationKey and the key notes, opened with the vault's data key and encrypted again under the passphrase the
 * person types (vault/backup.ts). An import is checked whole before anything is written, then merged in one write
 * (backup-merge.ts).
 */
import { B2ApiError } from '../b2/errors';
import { checkEndpoint } from '../common/endpoint';
import { RpcError } from '../rpc/errors';
import type { ReplyOf } from '../rpc/protocol';
import type { Handlers } from '../rpc/router';
import { DamagedDataError, lostKey, StorageWriteError, notesKey, secretsKey, usageKey, type StoredAccount, type Tx } from '../storage';
import { openUsage, sealUsage, unionUsage } from './key-usage';
import { openSecret, sealSecret } from '../vault';
import { BackupError, backupAccountSchema, decryptBackup, encryptBackup, type BackupAccount, type BackupLost, type BackupPayload, type BackupSecret } from '../vault/backup';
import { isBuiltInEndpoint, managingKeyBinding, peekManagingKey } from './account-integrity';
import { planImport, secretPairs, verdictKey, type LocalVault, type MergePlan, type SecretPair, type Verdict } from './backup-merge';
import type { Context } from './context';

/** Said when the import's write was refused (the options page adds nothing before it). */
export const IMPORT_REFUSED =
  'The browser refused to store the import (the disk may be full), and may have stored part of it all the same. Free some space, then open the backup again: its preview compares the file with what is saved now.';

type BackupHandlers = Pick<Handlers, 'exportBackup' | 'importBackup'>;

function backupRpcError(e: BackupError): RpcError {
  if (e.code === 'WRONG_PASSPHRASE') return new RpcError('WRONG_PASSPHRASE', e.message);
  if (e.code === 'WEAK_PASSPHRASE') return new RpcError('WEAK_PASSPHRASE', e.message, { fields: { passphrase: e.message } });
  return new RpcError('BACKUP_DAMAGED', e.message);
}

/**
 * At most this many conflicts of one keyID with two secrets are put to B2 per import (two b2_authorize_account
 * calls each); the rest stay as they are here. In practice there is one: an old backup's master key after the
 * console made a new one (app keys' secrets never change).
 */
export const MAX_B2_VERDICTS = 10;

/** Whether B2 accepts this secret for its keyID in this account: null when it could not be asked or answered something else. */
async function accepts(ctx: Context, endpoint: string, accountId: string, applicationKeyId: string, applicationKey: string): Promise<boolean | null> {
  try {
    // A key of another B2 account works, but not for this one: in charge of this account it would be refused.
    return (await ctx.authorizeWith(endpoint, { applicationKeyId, applicationKey })).accountId === accountId;
  } catch (e) {
    return e instanceof B2ApiError && e.status === 401 ? false : null;
  }
}

/** Asks B2 which secret of each pair it accepts (at the account's endpoint), so that an import never keeps the dead one over the live one. */
async function askB2(ctx: Context, pairs: readonly SecretPair[], endpointOf: (accountId: string) => Promise<string | undefined>): Promise<Map<string, Verdict>> {
  const verdicts = new Map<string, Verdict>();
  for (const p of pairs.slice(0, MAX_B2_VERDICTS)) {
    const endpoint = await endpointOf(p.accountId);
    if (endpoint === undefined) continue;
    const [here, fromFile] = await Promise.all([accepts(ctx, endpoint, p.accountId, p.hereKeyId, p.here), accepts(ctx, endpoint, p.accountId, p.applicationKeyId, p.file)]);
    // Both accepted cannot happen for one keyID; if B2 says so anyway, it settles nothing.
    const both: Verdict = p.hereKeyId === p.applicationKeyId ? 'unknown' : 'both';
    const verdict: Verdict = here === null || fromFile === null ? 'unknown' : here && fromFile ? both : here ? 'here' : fromFile ? 'file' : 'neither';
    verdicts.set(verdictKey(p.accountId, p.applicationKeyId), verdict);
  }
  return verdicts;
}

/** Items an applied import may leave out when they are damaged here (a write over one is refused), rather than import nothing. */
const LESSER_ITEMS = [lostKey(''), notesKey(''), usageKey('')];

/** What an import left out of a lesser item (see LESSER_ITEMS) that is damaged here, as the options page shows it. */
function leftOutSentence(item: string): string {
  const accountId = item.slice(item.indexOf(':') + 1);
  if (item === lostKey(accountId)) return `Account ${accountId}: the file’s “applicationKey lost” flags were not imported, because that record here is damaged; it was left as it is.`;
  if (item === notesKey(accountId)) return `Account ${accountId}: the file’s notes about its keys were not imported, because the notes saved here are damaged; they were left as they are.`;
  return `Account ${accountId}: the file’s “Filled into” lists were not imported, because the ones saved here are damaged; they were left as they are.`;
}

/** Ids of accounts that have an item under `prefix` (saved secrets and notes outlive a removed account). */
async function accountIdsWith(ctx: Context, prefix: string): Promise<string[]> {
  return (await ctx.store.itemKeys()).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
}

export function backupHandlers(ctx: Context): BackupHandlers {
  const { store, deps } = ctx;

  /** A saved secret's sealed value as text, to compare two reads of it ('' for none). */
  const sealedOf = (entry: { sealed: unknown } | undefined): string => (entry ? JSON.stringify(entry.sealed) : '');

  /** Accounts the plan adds at an API endpoint that is not built in: the person says yes to each before they are written. */
  /**
   * Accounts the import puts at an endpoint the file names that is not Backblaze's own: added, or moved there by
   * "Replace" (the managing key, and every saved applicationKey a check tries, would then go there).
   */
  const customEndpointsOf = (plan: MergePlan, stored: Readonly<Record<string, StoredAccount>>) =>
    [...plan.addAccounts, ...plan.replaceAccounts.filter((a) => stored[a.accountId]?.endpoint !== a.endpoint)]
      .filter((a) => !isBuiltInEndpoint(a.endpoint, deps.demoEndpoint))
      .map((a) => ({ accountId: a.accountId, label: a.label, endpoint: a.endpoint }));

  function summary(plan: MergePlan, stored: Readonly<Record<string, StoredAccount>>, applied: boolean, leftOut: readonly string[] = []): ReplyOf<'importBackup'> {
    return { applied, ...plan.counts, conflicts: plan.conflicts, skippedReasons: plan.skipped, customEndpoints: customEndpointsOf(plan, stored), leftOut: leftOut.map(leftOutSentence) };
  }

  return {
    async exportBackup({ passphrase }) {
      const dataKey = await ctx.dataKey();
      // A removal a landed write left pending (Remove account "without its saved applicationKeys", its removal
      // refused) must not put those keys into a file; if it is refused again, the file is made all the same.
      await store.finishPendingRemovals().catch(() => undefined);
      const skipped: string[] = [];
      const accounts: BackupAccount[] = [];
      const index = await store.accountIndex();
      for (const a of Object.values(index.valid)) {
        let applicationKey: string;
        try {
          // The same check as before sending it anywhere: an account edited at rest is not carried into a backup.
          applicationKey = await ctx.managingKey(a);
        } catch (e) {
          // Only what is about this account leaves it out; the vault locking meanwhile or a failed write fails the
          // export (a file without the account's key, said to be damaged, is not the backup asked for).
          const code = e instanceof RpcError ? e.code : null;
          if (code === 'ACCOUNT_DAMAGED') skipped.push(`Account ${a.accountId} (${a.label}): its stored record is damaged or was edited, so it was left out.`);
          else if (code === 'ENDPOINT_UNCONFIRMED') skipped.push(`Account ${a.accountId} (${a.label}): its API endpoint ${a.endpoint} has not been confirmed since an update, so it was left out. Confirm the endpoint on its account card, then export again.`);
          else throw e;
          continue;
        }
        // The backup's own fields only: a record may carry fields of a later version (storage keeps them, for a
        // rollback), and what they mean is not this version's to put in a file.
        const known = Object.fromEntries(Object.entries(a).filter(([field]) => field in backupAccountSchema.shape && field !== 'applicationKey'));
        accounts.push({ ...(known as Omit<BackupAccount, 'applicationKey'>), applicationKey });
      }
      for (const id of index.damaged) skipped.push(`Account ${id}: its stored record is damaged, so it was left out.`);
      const secrets: BackupSecret[] = [];
      for (const accountId of await accountIdsWith(ctx, secretsKey(''))) {
        const read = await store.secretIndex(accountId);
        if (read.corrupt) skipped.push(`The saved secrets of account ${accountId} are damaged (wrong type), so they were left out.`);
        let damaged = read.damaged.length;
        for (const [applicationKeyId, s] of Object.entries(read.valid)) {
          try {
            secrets.push({ accountId, applicationKeyId, keyName: s.keyName, savedAt: s.savedAt, applicationKey: await openSecret(dataKey, { accountId, applicationKeyId }, s.sealed) });
          } catch {
            damaged++;
          }
        }
        if (damaged) skipped.push(`${damaged} saved ${damaged === 1 ? 'secret' : 'secrets'} of account ${accountId} ${damaged === 1 ? 'is' : 'are'} damaged and ${damaged === 1 ? 'was' : 'were'} left out.`);
      }
      // New keys' applicationKeys the vault refused (a full disk), held in memory until it takes them: a backup made
      // meanwhile is where they can outlive the browser, so they go in as saved ones (an import saves them).
      const inFile = new Set(secrets.map((x) => `${x.accountId} ${x.applicationKeyId}`));
      for (const { key, held, at } of await ctx.session.heldSecrets().catch(() => [])) {
        if (inFile.has(`${key.accountId} ${key.applicationKeyId}`)) continue;
        const applicationKey = await openSecret(dataKey, { accountId: key.accountId, applicationKeyId: key.applicationKeyId }, held.sealed).catch(() => null);
        if (applicationKey !== null) secrets.push({ accountId: key.accountId, applicationKeyId: key.applicationKeyId, keyName: key.keyName, savedAt: at, applicationKey });
      }
      const lost: BackupLost[] = [];
      for (const accountId of await accountIdsWith(ctx, lostKey(''))) {
        for (const [applicationKeyId, l] of Object.entries(await store.lostKeys(accountId))) lost.push({ accountId, applicationKeyId, keyName: l.keyName, flaggedAt: l.flaggedAt });
      }
      // Issue 13: the where-used lists (opened here, encrypted again with the file) and the lineage notes.
      const usage: NonNullable<BackupPayload['usage']> = [];
      for (const accountId of await accountIdsWith(ctx, usageKey(''))) {
        for (const [applicationKeyId, sealed] of Object.entries((await store.usage(accountId)).valid)) {
          const entries = await openUsage(dataKey, accountId, applicationKeyId, sealed);
          if (entries.length) usage.push({ accountId, applicationKeyId, entries });
        }
      }
      const notes: NonNullable<BackupPayload['notes']> = [];
      for (const accountId of await accountIdsWith(ctx, notesKey(''))) {
        for (const [applicationKeyId, note] of Object.entries(await store.keyNotes(accountId))) notes.push({ accountId, applicationKeyId, note });
      }
      const payload: BackupPayload = { v: 1, exportedAt: deps.now(), accounts, secrets, lost, usage, notes };
      let contents: string;
      try {
        contents = await encryptBackup(payload, passphrase);
      } catch (e) {
        throw e instanceof BackupError ? backupRpcError(e) : e;
      }
      const day = new Date(deps.now()).toISOString().slice(0, 10);
      return { fileName: `b2-key-manager-backup-${day}.json`, contents, accounts: accounts.length, secrets: secrets.length, skipped };
    },

    async importBackup({ contents, passphrase, apply, onConflict, confirmedEndpoints }) {
      const dataKey = await ctx.dataKey();
      let file: BackupPayload;
      try {
        file = await decryptBackup(contents, passphrase);
      } catch (e) {
        throw e instanceof BackupError ? backupRpcError(e) : e;
      }
      const index = await store.accountIndex();
      const stored = index.valid;
      const local: LocalVault = {
        accounts: {},
        secrets: {},
        corruptSecrets: new Set(),
        lost: {},
        damagedAccounts: new Set(index.corrupt ? file.accounts.map((a) => a.accountId) : index.damaged),
      };
      for (const a of file.accounts) {
        const here = stored[a.accountId];
        if (here) local.accounts[a.accountId] = { managingKeyId: here.managingKeyId, endpoint: here.endpoint, applicationKey: (await peekManagingKey(dataKey, here)) ?? 'damaged' };
      }
      const corrupt = new Set<string>();
      /** What each of the file's secrets had here when the plan was made (sealedOf), to see a change before writing. */
      const seen = new Map<string, string>();
      for (const accountId of new Set([...file.secrets.map((s) => s.accountId), ...file.lost.map((l) => l.accountId)])) {
        const read = await store.secretIndex(accountId);
        if (read.corrupt) corrupt.add(accountId);
        const opened: Record<string, string> = {};
        for (const id of read.damaged) opened[id] = 'damaged';
        // Only entries the file also has are opened: the rest cannot conflict.
        for (const s of file.secrets) {
          const entry = s.accountId === accountId ? read.valid[s.applicationKeyId] : undefined;
          if (s.accountId === accountId) seen.set(verdictKey(accountId, s.applicationKeyId), sealedOf(entry));
          if (entry) opened[s.applicationKeyId] = await openSecret(dataKey, { accountId, applicationKeyId: s.applicationKeyId }, entry.sealed).catch(() => 'damaged');
        }
        for (const id of Object.keys(read.valid)) opened[id] ??= 'present';
        local.secrets[accountId] = opened;
        local.lost[accountId] = new Set(Object.keys(await store.lostKeys(accountId)));
      }
      local.corruptSecrets = corrupt;
      const endpointOk = (e: string) => {
        const c = checkEndpoint(e);
        return c.ok && c.endpoint === e;
      };
      const verdicts = await askB2(ctx, secretPairs(file, local), async (accountId) => {
        const here = stored[accountId];
        // Secrets go only where something here vouches for: the account's own seal (an edited record's would not
        // open), or Backblaze's endpoint built into this code. The file names its endpoint itself, and opening a
        // backup is no consent to sending what is saved here there; unasked, the one here stays.
        const sealed = here ? await ctx.managingKey(here).then(() => here.endpoint, () => undefined) : undefined;
        if (sealed !== undefined) return sealed;
        const fromFile = file.accounts.find((a) => a.accountId === accountId)?.endpoint;
        return fromFile !== undefined && isBuiltInEndpoint(fromFile, deps.demoEndpoint) ? fromFile : undefined;
      });
      const plan = planImport(file, local, onConflict ?? 'keep', endpointOk, verdicts);
      if (!apply) return summary(plan, stored, false);
      // The page asks before an account goes in at an endpoint the file names; the yes travels with the request and
      // is checked here against this plan, not the preview's: an account removed here since the preview would now
      // be added from the file, at an endpoint nobody was shown.
      const unconfirmed = customEndpointsOf(plan, stored).filter((c) => !(confirmedEndpoints ?? []).includes(c.endpoint));
      if (unconfirmed.length > 0) {
        const [first] = unconfirmed;
        throw new RpcError(
          'ENDPOINT_UNCONFIRMED',
          unconfirmed.length === 1
            ? `The file puts account ${first!.accountId} (${first!.label}) at the API endpoint ${first!.endpoint}, which is not Backblaze’s own and was not confirmed. Open the backup again and import only if you set that address yourself.`
            : `The file puts ${unconfirmed.length} accounts at API endpoints that are not Backblaze’s own and were not confirmed (${[...new Set(unconfirmed.map((c) => c.endpoint))].join(', ')}). Open the backup again and import only if you set those addresses yourself.`,
        );
      }

      const now = deps.now();
      const sealedSecrets = await Promise.all(
        plan.putSecrets.map(async (s) => ({ s, sealed: await sealSecret(dataKey, { accountId: s.accountId, applicationKeyId: s.applicationKeyId }, s.applicationKey) })),
      );
      const toAccount = async (a: BackupAccount, existing?: StoredAccount): Promise<StoredAccount> => ({
        accountId: a.accountId,
        label: existing?.label ?? a.label,
        endpoint: a.endpoint,
        managingKeyId: a.managingKeyId,
        sealedKey: await sealSecret(dataKey, managingKeyBinding(a), a.applicationKey),
        capabilities: a.capabilities,
        bucketRestriction: a.bucketRestriction,
        namePrefix: a.namePrefix,
        s3ApiUrl: a.s3ApiUrl,
        addedAt: existing?.addedAt ?? a.addedAt,
      });
      const added = await Promise.all(plan.addAccounts.map((a) => toAccount(a)));
      const replaced = await Promise.all(plan.replaceAccounts.map(async (a) => ({ a, existing: stored[a.accountId]!, next: await toAccount(a, stored[a.accountId]) })));
      /** The import's one write, without what goes into the items of `leaveOut`. */
      const writeImport = async (tx: Tx, leaveOut: ReadonlySet<string>) => {
        const writes = (item: string) => !leaveOut.has(item);
        // The plan was made from what was here before B2 was asked, which takes seconds: an account added (a master
        // key just regenerated, shown once) or a secret saved on another page meanwhile must not be written over.
        const indexNow = await store.accountIndex();
        const accountsNow = indexNow.valid;
        const secretsNow = new Map<string, Awaited<ReturnType<typeof store.secretIndex>>>();
        const secretNow = async (accountId: string, keyId: string) => {
          if (!secretsNow.has(accountId)) secretsNow.set(accountId, await store.secretIndex(accountId));
          return sealedOf(secretsNow.get(accountId)!.valid[keyId]);
        };
        let moved = added.some((a) => accountsNow[a.accountId] !== undefined || indexNow.damaged.includes(a.accountId));
        for (const { existing } of replaced) {
          // Compared by what it holds, not its bytes: opening a format-1 account seals it again (account-integrity.ts).
          const now = accountsNow[existing.accountId];
          moved ||= !now || now.managingKeyId !== existing.managingKeyId || now.endpoint !== existing.endpoint || (await peekManagingKey(dataKey, now)) !== (await peekManagingKey(dataKey, existing));
        }
        for (const { s } of sealedSecrets) moved ||= (await secretNow(s.accountId, s.applicationKeyId)) !== seen.get(verdictKey(s.accountId, s.applicationKeyId));
        // An account removed meanwhile ("without its saved applicationKeys") does not get them back from the file.
        const touched = new Set([...sealedSecrets.map(({ s }) => s.accountId), ...plan.flagLost.map((l) => l.accountId)]);
        moved ||= [...touched].some((id) => stored[id] !== undefined && accountsNow[id] === undefined);
        if (moved) {
          throw new RpcError(
            'CHANGED_MEANWHILE',
            // The options page puts "Nothing was imported." before it.
            'An account or a saved applicationKey in the file changed here while the import waited for B2 (on another page, or in another window). Open the backup again to compare it with what is saved now.',
          );
        }
        for (const account of added) tx.putAccount(account);
        for (const { existing, next } of replaced) {
          // The key the account had may still be in use elsewhere, and B2 never shows its secret again: it stays saved.
          const old = await peekManagingKey(dataKey, existing);
          if (old !== null && existing.managingKeyId !== next.managingKeyId) {
            tx.putSecret(existing.accountId, existing.managingKeyId, {
              sealed: await sealSecret(dataKey, { accountId: existing.accountId, applicationKeyId: existing.managingKeyId }, old),
              keyName: existing.managingKeyId === existing.accountId ? 'Master application key' : '',
              savedAt: now,
            });
          }
          tx.putAccount(next);
        }
        for (const { s, sealed } of sealedSecrets) {
          tx.putSecret(s.accountId, s.applicationKeyId, { sealed, keyName: s.keyName, savedAt: s.savedAt });
          if (writes(lostKey(s.accountId))) tx.unflagLost(s.accountId, s.applicationKeyId);
        }
        // Issue 13: where-used lists are joined with what is here (latest per origin), notes filled in where this
        // vault has none (a note here wins: it was written by this vault's own rotations). Read here, inside the
        // write: a fill recorded or a rotation noted while B2 was asked would otherwise be written over.
        const usage = (file.usage ?? []).filter((u) => writes(usageKey(u.accountId)));
        // One read per account, the opens and seals side by side: this holds every other write back.
        const usageHere = new Map<string, Promise<Awaited<ReturnType<typeof store.usage>>>>();
        for (const u of usage) if (!usageHere.has(u.accountId)) usageHere.set(u.accountId, store.usage(u.accountId, usage.filter((x) => x.accountId === u.accountId).map((x) => x.applicationKeyId)));
        const joined = await Promise.all(
          usage.map(async (u) => {
            const stored = (await usageHere.get(u.accountId)!).valid[u.applicationKeyId];
            const here = stored ? await openUsage(dataKey, u.accountId, u.applicationKeyId, stored) : [];
            return { u, sealed: await sealUsage(dataKey, u.accountId, u.applicationKeyId, unionUsage(here, u.entries)) };
          }),
        );
        for (const { u, sealed } of joined) tx.putUsage(u.accountId, u.applicationKeyId, sealed);
        const notesHere = new Map<string, Awaited<ReturnType<typeof store.keyNotes>>>();
        for (const n of file.notes ?? []) {
          if (!writes(notesKey(n.accountId))) continue;
          if (!notesHere.has(n.accountId)) notesHere.set(n.accountId, await store.keyNotes(n.accountId));
          tx.putKeyNote(n.accountId, n.applicationKeyId, { ...n.note, ...notesHere.get(n.accountId)?.[n.applicationKeyId] });
        }
        // A key whose secret was saved while the import waited is no longer lost.
        for (const l of plan.flagLost) {
          if (writes(lostKey(l.accountId)) && (await secretNow(l.accountId, l.applicationKeyId)) === '') tx.flagLost(l.accountId, l.applicationKeyId, { keyName: l.keyName, flaggedAt: l.flaggedAt, recordId: 'backup' });
        }
        if (!(await store.get('activeAccountId')) && added[0]) tx.set('activeAccountId', added[0].accountId);
      };
      // The store refuses a write over a record of the wrong type. A damaged lost-flag, notes or where-used record
      // must not keep the file's accounts and secrets out: the write is tried again without that one item (down to
      // accounts and secrets alone), and the reply says what was left out. Nothing lands before a refusal.
      const leftOut = new Set<string>();
      for (;;) {
        try {
          await store.write((tx) => writeImport(tx, leftOut));
          break;
        } catch (e) {
          // The browser may store a refused write in part, or in full all the same: "not saved" could be false.
          if (e instanceof StorageWriteError) throw new RpcError('WRITE_UNCERTAIN', IMPORT_REFUSED);
          if (!(e instanceof DamagedDataError) || leftOut.has(e.key) || !LESSER_ITEMS.some((prefix) => e.key.startsWith(prefix))) throw e;
          leftOut.add(e.key);
        }
      }
      for (const { a } of replaced) ctx.forgetClient(a.accountId);
      return summary(plan, stored, true, [...leftOut]);
    },
  };
}
