/** Accounts: add (verified by authorizing), list, choose the active one, remove. */
import { KEY_MANAGEMENT_CAPABILITIES } from '../b2';
import { checkEndpoint } from '../common/endpoint';
import { RpcError } from '../rpc/errors';
import type { AccountView } from '../rpc/protocol';
import type { Handlers } from '../rpc/router';
import { cacheKey, secretsKey, type StoredAccount } from '../storage';
import { sealSecret } from '../vault';
import type { Context } from './context';
import { toRpcError } from './errors';

type AccountHandlers = Pick<Handlers, 'listAccounts' | 'addAccount' | 'setActiveAccount' | 'removeAccount'>;

export function accountView(account: StoredAccount, savedSecretCount: number): AccountView {
  return {
    accountId: account.accountId,
    label: account.label,
    endpoint: account.endpoint,
    managingKeyId: account.managingKeyId,
    isMasterKey: account.managingKeyId === account.accountId,
    capabilities: account.capabilities,
    missingCapabilities: KEY_MANAGEMENT_CAPABILITIES.filter((c) => !account.capabilities.includes(c)),
    bucketRestriction: account.bucketRestriction,
    namePrefix: account.namePrefix,
    s3ApiUrl: account.s3ApiUrl,
    addedAt: account.addedAt,
    savedSecretCount,
  };
}

export function accountHandlers(ctx: Context): AccountHandlers {
  const { store, session, deps } = ctx;
  return {
    async listAccounts() {
      const accounts = await store.accounts();
      const views = await Promise.all(
        Object.values(accounts).map(async (a) => accountView(a, Object.keys(await store.secrets(a.accountId)).length)),
      );
      views.sort((a, b) => a.addedAt - b.addedAt);
      return { accounts: views, activeAccountId: (await store.get('activeAccountId')) ?? null };
    },

    async addAccount({ applicationKeyId, applicationKey, label, endpoint }) {
      const dataKey = await ctx.dataKey();
      const check = checkEndpoint(endpoint ?? (await store.settings()).endpoint);
      if (!check.ok) throw new RpcError('INVALID_INPUT', check.message, { fields: { endpoint: check.message } });
      const keyId = applicationKeyId.trim();
      const secret = applicationKey.trim();
      let auth;
      try {
        auth = await ctx.authorizeWith(check.endpoint, { applicationKeyId: keyId, applicationKey: secret });
      } catch (e) {
        throw toRpcError(e, { endpoint: check.endpoint });
      }
      const account: StoredAccount = {
        accountId: auth.accountId,
        label: label?.trim() || `B2 account ${auth.accountId}`,
        endpoint: check.endpoint,
        managingKeyId: keyId,
        sealedKey: await sealSecret(dataKey, { accountId: auth.accountId, applicationKeyId: keyId, purpose: 'accountKey' }, secret),
        capabilities: auth.allowed.capabilities,
        bucketRestriction: auth.allowed.buckets,
        namePrefix: auth.allowed.namePrefix,
        s3ApiUrl: auth.s3ApiUrl || null,
        addedAt: deps.now(),
      };
      await store.write(async (tx) => {
        const accounts = await store.accounts();
        const existing = accounts[account.accountId];
        // Adding an account again replaces its managing key but keeps its label, cache and saved secrets.
        if (existing) account.addedAt = existing.addedAt;
        if (existing && !label?.trim()) account.label = existing.label;
        tx.putAccount(account);
        if (!(await store.get('activeAccountId'))) tx.set('activeAccountId', account.accountId);
      });
      ctx.forgetClient(account.accountId);
      await session.setToken(account.accountId, auth);
      return accountView(account, Object.keys(await store.secrets(account.accountId)).length);
    },

    async setActiveAccount({ accountId }) {
      await store.write(async (tx) => {
        if (!(await store.accounts())[accountId]) throw new RpcError('NOT_FOUND', 'That account is no longer in the list. Reopen the options page.');
        tx.set('activeAccountId', accountId);
      });
      return {};
    },

    async removeAccount({ accountId, keepSecrets }) {
      // Removing is destructive, so it needs the passphrase like everything else that changes the vault.
      await ctx.dataKey();
      await store.write(async (tx) => {
        const accounts = await store.accounts();
        if (!accounts[accountId]) throw new RpcError('NOT_FOUND', 'That account is no longer in the list.');
        const { [accountId]: _removed, ...rest } = accounts;
        tx.dropAccount(accountId);
        tx.remove(cacheKey(accountId));
        if (!keepSecrets) tx.remove(secretsKey(accountId));
        if ((await store.get('activeAccountId')) === accountId) tx.set('activeAccountId', Object.keys(rest)[0] ?? null);
      });
      ctx.forgetClient(accountId);
      await session.dropToken(accountId);
      return {};
    },
  };
}
