/**
 * Issue 13 (insight): the where-used list of one key, clearing it, the keys to offer first on a page, and the key
 * hygiene report. The report is counted from the key cache's meta item (row kinds, kept up to date whenever the
 * cache is written), the small lost and check records and the account itself: it never reads the whole list,
 * except once for a cache written before the summary existed and for "Show all" of a kind (hygieneKeys).
 */
import { HYGIENE_TEXT, ROW_KINDS, checkFailed, countRowKind, managingBroadness, rowMatches, sampleComplete, summarizeHygiene, type HygieneSummary } from '../common/hygiene';
import type { HygieneLine } from '../rpc/protocol';
import type { Handlers } from '../rpc/router';
import { usageKey, type RecordRead, type StoredSecret } from '../storage';
import type { Context } from './context';
import { suggestionsFor, usageAll, usageOf } from './key-usage';
import { webOrigin } from '../autofill/policy';

type InsightHandlers = Pick<Handlers, 'keyUsage' | 'clearKeyUsage' | 'pageSuggestions' | 'hygieneReport' | 'hygieneKeys'>;

async function tabOrigin(tabId: number | undefined): Promise<string | null> {
  try {
    // Imported when asked: the service also runs in Node (integration tests), where the polyfill refuses to load.
    const { default: browser } = await import('webextension-polyfill');
    const tab = tabId !== undefined ? await browser.tabs.get(tabId) : (await browser.tabs.query({ active: true, lastFocusedWindow: true }))[0];
    return tab?.url ? (webOrigin(new URL(tab.url).origin) ?? null) : null;
  } catch {
    return null;
  }
}

export function insightHandlers(ctx: Context): InsightHandlers {
  const store = ctx.store;

  async function summary(accountId: string): Promise<HygieneSummary | null> {
    const meta = await ctx.keyCache.meta(accountId);
    if (meta.hyg) return meta.hyg;
    if (meta.shards.length === 0) return null;
    // A cache written before issue 13: counted once from its shards and kept (a read-only store only costs this again).
    const fresh = summarizeHygiene(await ctx.keyCache.all(accountId, meta));
    await store.write((tx) => ctx.keyCache.setHygiene(tx, accountId, meta.gen, fresh)).catch(() => undefined);
    return fresh;
  }

  return {
    async keyUsage({ applicationKeyId, accountId }) {
      const account = await ctx.accountFor(accountId);
      const settings = await store.settings();
      return { entries: await usageOf(ctx, account.accountId, applicationKeyId), recording: settings.recordUsage !== false };
    },

    async clearKeyUsage() {
      // Every `usage:` item, also of accounts no longer here (an imported backup may carry some): rare, so the scan is fine.
      const items = (await store.itemKeys()).filter((k) => k.startsWith(usageKey('')));
      await store.write(async (tx) => {
        for (const k of items) tx.remove(k);
      });
      return {};
    },

    async pageSuggestions({ tabId, accountId }) {
      const origin = await tabOrigin(tabId);
      // The account whose list the popup shows, which another page may have made inactive since.
      const id = accountId ?? (await store.get('activeAccountId'));
      // Locked: the record cannot be opened, so there is nothing to offer (the list itself still works). An account
      // removed meanwhile has nothing to offer either.
      if (!origin || !id || !(await ctx.session.isUnlocked()) || !(await ctx.stillHas(id))) return { origin, keys: [] };
      const [usage, notes, secrets] = await Promise.all([usageAll(ctx, id), store.keyNotes(id), store.secretIndex(id)]);
      const names = new Map<string, string>();
      for (const [keyId, s] of Object.entries(secrets.valid)) names.set(keyId, s.keyName);
      for (const n of Object.values(notes)) {
        if (n.replacedBy) names.set(n.replacedBy.applicationKeyId, n.replacedBy.keyName);
        if (n.replaces) names.set(n.replaces.applicationKeyId, n.replaces.keyName);
      }
      const keys = suggestionsFor(origin, usage, (k) => notes[k]?.replacedBy)
        .slice(0, 5)
        .map((s) => ({
          applicationKeyId: s.applicationKeyId,
          keyName: names.get(s.applicationKeyId) ?? '',
          replaces: s.replaces ? { applicationKeyId: s.replaces, keyName: names.get(s.replaces) ?? '' } : null,
          lastUsedAt: s.lastUsedAt,
        }));
      return { origin, keys };
    },

    async hygieneReport() {
      // Each round of storage calls waits its turn while the options page loads (Firefox: on the same thread), so
      // the accounts are read with the active account's id, and the saved copies only when something is flagged.
      const [id, accounts] = await Promise.all([store.get('activeAccountId'), store.accounts()]);
      const account = id ? accounts[id] : undefined;
      if (!account) return { accountId: null, total: 0, lines: [] };
      const accountId = account.accountId;
      const [hyg, lost, checks] = await Promise.all([summary(accountId), store.lostKeys(accountId), store.secretChecks(accountId)]);
      const failedIds = Object.keys(checks).filter((k) => checkFailed(checks[k]!.outcome));
      const lostIds = Object.keys(lost);
      // Only the entries of these keys are read: saved copies decide whether a flag or a check still matters.
      const flagged = [...new Set([...lostIds, ...failedIds])];
      const saved: RecordRead<StoredSecret> = flagged.length ? await store.secretIndexOf(accountId, flagged) : { valid: {}, damaged: [], corrupt: false };
      const isSaved = (k: string) => k in saved.valid || saved.damaged.includes(k) || k === account.managingKeyId;
      const line = (kind: HygieneLine['kind'], count: number, keys: HygieneLine['keys']): HygieneLine => ({ kind, ...HYGIENE_TEXT[kind], count, keys, more: count > keys.length });
      const lines: HygieneLine[] = [];
      if (hyg) {
        for (const kind of ROW_KINDS) {
          const keys = hyg.s[kind].filter(([k]) => !(kind === 'keyAdmin' && k === account.managingKeyId)).map(([applicationKeyId, keyName]) => ({ applicationKeyId, keyName }));
          const count = countRowKind(hyg, kind, account);
          // A sample thinned by deletes still shows what it has; "more" sends the rest to hygieneKeys.
          lines.push({ ...line(kind, count, keys), more: count > keys.length || !sampleComplete(hyg, kind) });
        }
      }
      const lostKeys = lostIds.filter((k) => !isSaved(k)).map((k) => ({ applicationKeyId: k, keyName: lost[k]!.keyName }));
      lines.push(line('lost', lostKeys.length, lostKeys));
      const failed = failedIds
        .filter(isSaved)
        .map((k) => ({ applicationKeyId: k, keyName: k === account.managingKeyId ? account.label : (saved.valid[k]?.keyName ?? ''), detail: `Last check: ${OUTCOME_WORDS[checks[k]!.outcome]}.` }));
      lines.push(line('checkFailed', failed.length, failed));
      const broad = managingBroadness(account);
      lines.push(line('managingBroad', broad ? 1 : 0, broad ? [{ applicationKeyId: account.managingKeyId, keyName: account.label, detail: broad }] : []));
      const shown = lines.filter((l) => l.count > 0);
      return { accountId, total: shown.reduce((n, l) => n + l.count, 0), lines: shown };
    },

    async hygieneKeys({ kind, accountId, offset, limit }) {
      // The report's own account: another page may have made another one active since the report was drawn.
      const account = await ctx.accountFor(accountId);
      const rows = await ctx.keyWindows.rows(account.accountId);
      const matching = rows.filter((r) => rowMatches(r, kind, account.managingKeyId));
      return { keys: matching.slice(offset, offset + limit).map((r) => ({ applicationKeyId: r[0], keyName: r[1] })), total: matching.length };
    },
  };
}

const OUTCOME_WORDS: Record<string, string> = { works: 'works', deleted: 'B2 no longer has this key', expired: 'the key has expired', mismatch: 'does not match the key B2 has', refused: 'B2 refused it' };

/**
 * checkSecret, remembering its outcome for the report (checks:<accountId>, plain: see storage/schema.ts). Only for
 * the copy that was checked: a secret saved again while B2 was asked (a right one pasted over a wrong one) is not
 * blamed for the old copy's outcome.
 */
export function rememberChecks(ctx: Context, h: Pick<Handlers, 'checkSecret'>): Pick<Handlers, 'checkSecret'> {
  /** The sealed copy a check of this key opens: the account's own key is sealed in the account record. */
  async function sealedCopy(accountId: string, applicationKeyId: string): Promise<string | null> {
    const account = (await ctx.store.accounts())[accountId];
    // Compared by its ciphertext: each seal has a fresh IV, so a copy saved again never equals the one before.
    if (account?.managingKeyId === applicationKeyId) return account.sealedKey.ct;
    return (await ctx.store.secretIndex(accountId)).valid[applicationKeyId]?.sealed.ct ?? null;
  }
  return {
    async checkSecret(req, sender) {
      // The account the check is made in, taken before it: another one may be made active while B2 answers.
      const accountId = req.accountId ?? (await ctx.store.get('activeAccountId'));
      const before = accountId ? await sealedCopy(accountId, req.applicationKeyId).catch(() => null) : null;
      const result = await h.checkSecret({ ...req, ...(accountId ? { accountId } : {}) }, sender);
      if (accountId && before !== null) {
        await ctx.store
          .write(async (tx) => {
            // Not for an account removed while B2 answered (its saved secrets kept): the record would outlive it.
            if (!(await ctx.stillHas(accountId))) return;
            if ((await sealedCopy(accountId, result.applicationKeyId)) === before) tx.putCheck(accountId, result.applicationKeyId, { outcome: result.outcome, at: ctx.deps.now() });
          })
          .catch(() => undefined);
      }
      return result;
    },
  };
}
