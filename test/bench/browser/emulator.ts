/** The B2 emulator for one key count: seeded, with its request log, and the list calls timed on their own. */
import { startEmulator, type RunningEmulator } from '../../b2-emulator/server';
import { KEY_PREFIX } from './config';
import { timeListCalls } from './in-page';

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
  return {
    emu,
    requests: async () => ((await admin('requests')) as { endpoint: string; method: string; time: number }[]).filter((r) => r.method !== 'OPTIONS'),
    clearRequests: async () => void (await admin('requests', 'DELETE')),
    seedKeys: async (count, namePrefix) => void (await admin('seed-keys', 'POST', { count, namePrefix })),
    timeListCalls: () => timeListCalls({ url: emu.url, applicationKeyId: emu.applicationKeyId, applicationKey: emu.applicationKey }),
    close: () => emu.close(),
  };
}
