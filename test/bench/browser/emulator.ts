/** The B2 emulator for one key count: seeded, with its request log, and the list calls timed on their own. */
import { performance } from 'node:perf_hooks';
import { startEmulator, type RunningEmulator } from '../../b2-emulator/server';
import { KEY_PREFIX } from './config';

export interface BenchEmulator {
  emu: RunningEmulator;
  /** B2 calls logged so far: admin calls are not logged, and CORS preflights (OPTIONS) are left out here. */
  requests(): Promise<{ endpoint: string; time: number }[]>;
  clearRequests(): Promise<void>;
  /** Time of paging through all keys with b2_list_keys (10,000 a page) straight from Node, and the calls made. */
  timeListCalls(): Promise<{ ms: number; calls: number; keys: number }>;
  /** Makes keys behind the extension's back, as the B2 console or another tool would. */
  seedKeys(count: number, namePrefix: string): Promise<void>;
  close(): Promise<void>;
}

export async function seededEmulator(count: number): Promise<BenchEmulator> {
  const emu = await startEmulator({ port: 0 });
  const admin = async (path: string, method = 'GET', body?: unknown) => {
    const res = await fetch(`${emu.url}/__emulator/${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new Error(`emulator ${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<unknown>;
  };
  await admin('seed-keys', 'POST', { count, namePrefix: KEY_PREFIX });
  const b2 = async <T>(url: string, init: RequestInit): Promise<T> => {
    const res = await fetch(url, init);
    if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<T>;
  };
  return {
    emu,
    requests: async () => ((await admin('requests')) as { endpoint: string; method: string; time: number }[]).filter((r) => r.method !== 'OPTIONS'),
    clearRequests: async () => void (await admin('requests', 'DELETE')),
    seedKeys: async (count, namePrefix) => void (await admin('seed-keys', 'POST', { count, namePrefix })),
    async timeListCalls() {
      const basic = Buffer.from(`${emu.applicationKeyId}:${emu.applicationKey}`).toString('base64');
      const auth = await b2<{ accountId: string; authorizationToken: string; apiInfo: { storageApi: { apiUrl: string } } }>(`${emu.url}/b2api/v4/b2_authorize_account`, {
        headers: { authorization: `Basic ${basic}` },
      });
      const t0 = performance.now();
      let start: string | null = null;
      let calls = 0;
      let keys = 0;
      do {
        const page: { keys: unknown[]; nextApplicationKeyId: string | null } = await b2(`${auth.apiInfo.storageApi.apiUrl}/b2api/v4/b2_list_keys`, {
          method: 'POST',
          headers: { authorization: auth.authorizationToken, 'content-type': 'application/json' },
          body: JSON.stringify({ accountId: auth.accountId, maxKeyCount: 10_000, ...(start ? { startApplicationKeyId: start } : {}) }),
        });
        calls++;
        keys += page.keys.length;
        start = page.nextApplicationKeyId;
      } while (start);
      return { ms: performance.now() - t0, calls, keys };
    },
    close: () => emu.close(),
  };
}
