/**
 * Node test fixture for background methods that need an account but not B2: a service over in-memory storage
 * with a vault, and account records sealed as addAccount seals them (no network; fetch always fails).
 */
import { authorizeReply, b2Error, json, keyJson } from '../b2/test-support';
import { LocalStore, MemoryArea, type StoredAccount } from '../storage';
import { RpcError } from '../rpc/errors';
import { sealSecret } from '../vault';
import { managingKeyBinding } from './account-integrity';
import type { ServiceDeps } from './context';
import { createService, type Service } from './service';
import { Session } from './session';

export const TEST_PASSPHRASE = 'correct horse battery staple';

export interface Fixture {
  service: Service;
  local: MemoryArea;
  sessionArea: MemoryArea;
  clock: { now: number };
  /** Stores an account record whose managing key opens (or not: `sealedFor` seals it for other fields). */
  addAccount(accountId: string, managingKeyId: string, secret: string, extra?: Partial<StoredAccount>, sealedFor?: Partial<StoredAccount>): Promise<StoredAccount>;
  /** Calls a handler as one of our pages. */
  call<M extends keyof Service['handlers']>(m: M, params: Parameters<Service['handlers'][M]>[0]): ReturnType<Service['handlers'][M]>;
}

export async function fixture(deps: Partial<ServiceDeps> = {}): Promise<Fixture> {
  const local = new MemoryArea();
  const sessionArea = new MemoryArea();
  const clock = { now: Date.UTC(2026, 11, 1, 9) };
  const service = createService({
    store: new LocalStore(local, () => clock.now),
    session: new Session(sessionArea),
    fetch: () => Promise.reject(new Error('no network in this test')),
    now: () => clock.now,
    sleep: async () => undefined,
    manifest: { name: 'B2 Key Manager', version: '0' },
    browser: 'chrome',
    demoEndpoint: null,
    ...deps,
  });
  const call: Fixture['call'] = (m, params) => (service.handlers[m] as (p: unknown, c: object) => ReturnType<Service['handlers'][typeof m]>)(params, { sender: {}, senderClass: 'page' });
  await call('createVault', { passphrase: TEST_PASSPHRASE });
  return {
    service,
    local,
    sessionArea,
    clock,
    call,
    async addAccount(accountId, managingKeyId, secret, extra = {}, sealedFor = {}) {
      const ctx = service.context;
      const base = { accountId, managingKeyId, endpoint: 'https://api.backblazeb2.com', ...extra };
      const account: StoredAccount = {
        label: `Account ${accountId}`,
        capabilities: ['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets'],
        bucketRestriction: null,
        namePrefix: null,
        s3ApiUrl: null,
        addedAt: 1,
        ...base,
        sealedKey: await sealSecret(await ctx.dataKey(), managingKeyBinding({ ...base, ...sealedFor }), secret),
      };
      await ctx.store.write(async (tx) => {
        tx.putAccount(account);
        if (!(await ctx.store.get('activeAccountId'))) tx.set('activeAccountId', accountId);
      });
      return account;
    },
  };
}

/** The RpcError a call fails with (any other outcome fails the test). */
export async function failure(p: Promise<unknown>): Promise<RpcError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RpcError) return e;
    throw e;
  }
  throw new Error('did not fail');
}

type FakeReply = Response | Error | (() => Response | Promise<Response>);

/**
 * A fake B2 answered in-process through `fetch` (no network): authorize (with the managing key, or `authorize` for
 * other credentials), list keys from `keys`, list buckets, delete, and b2_create_key from `creates` (a key of
 * the requested name when the script is empty). `calls` names every call made.
 */
export function fakeB2() {
  const b2 = {
    keys: [] as Record<string, unknown>[],
    creates: [] as FakeReply[],
    deletes: [] as FakeReply[],
    authorize: undefined as ((applicationKeyId: string, applicationKey: string) => FakeReply) | undefined,
    /** The B2 account each managing keyID authorizes as (ACCOUNT_ID when not named). */
    accounts: {} as Record<string, string>,
    listFails: false,
    /** While set, b2_list_keys answers only once it resolves (a listing under way). */
    listGate: null as Promise<void> | null,
    /** The same for b2_list_buckets. */
    bucketsGate: null as Promise<void> | null,
    calls: [] as string[],
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      const call = url.slice(url.lastIndexOf('/') + 1);
      b2.calls.push(call);
      const answer = (next: FakeReply) => {
        if (next instanceof Error) throw next;
        return typeof next === 'function' ? next() : next;
      };
      if (call === 'b2_authorize_account') {
        const [id, key] = atob(new Headers(init?.headers).get('authorization')!.replace(/^Basic /, '')).split(':') as [string, string];
        const accountId = b2.accounts[id];
        return answer(b2.authorize && id !== 'k-manager' ? b2.authorize(id, key) : authorizeReply(accountId ? { accountId } : {}));
      }
      if (call === 'b2_list_keys') {
        if (b2.listGate) await b2.listGate;
        if (b2.listFails) return b2Error(503, 'service_unavailable', 'down');
        // One page, from the start keyID on (B2 lists by keyID; `keys` are taken in the order given).
        const { startApplicationKeyId: start } = JSON.parse(String(init?.body)) as { startApplicationKeyId?: string };
        return json({ keys: start === undefined ? b2.keys : b2.keys.filter((k) => String(k['applicationKeyId']) >= start), nextApplicationKeyId: null });
      }
      if (call === 'b2_list_buckets' && b2.bucketsGate) await b2.bucketsGate;
      if (call === 'b2_list_buckets') return json({ buckets: [{ accountId: 'x', bucketId: 'b1', bucketName: 'photos', bucketType: 'allPrivate' }] });
      if (call === 'b2_delete_key') {
        const { applicationKeyId } = JSON.parse(String(init?.body)) as { applicationKeyId: string };
        return answer(b2.deletes.shift() ?? json(keyJson(applicationKeyId)));
      }
      if (call === 'b2_create_key') {
        const body = JSON.parse(String(init?.body)) as { keyName: string };
        return answer(b2.creates.shift() ?? createdReply(`k-${body.keyName}`, body.keyName));
      }
      throw new Error(`fake B2: no ${call}`);
    }) as typeof fetch,
  };
  return b2;
}

/**
 * fakeB2's fetch with a fault in front of it: what `fault` returns (or throws) stands in for B2's answer; undefined
 * lets B2 answer. Every URL asked for is in `urls`.
 */
export function withFault(b2: ReturnType<typeof fakeB2>, fault: (url: string, init?: RequestInit) => Response | undefined) {
  const urls: string[] = [];
  const fetch = (async (u: RequestInfo | URL, init?: RequestInit) => {
    const url = String(u);
    urls.push(url);
    return fault(url, init) ?? b2.fetch(u, init);
  }) as typeof globalThis.fetch;
  return { fetch, urls };
}

/** b2_create_key's answer for a key of this keyID and name (its applicationKey is `K-<keyID>`). */
export const createdReply = (id: string, keyName: string, extra: Record<string, unknown> = {}) => json({ ...keyJson(id, { keyName, capabilities: ['readFiles'], options: [] }), applicationKey: `K-${id}`, ...extra });
