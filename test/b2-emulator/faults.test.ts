import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { admin, authorize, call, tokenFor, type Json } from './helpers';
import { startEmulator, type RunningEmulator } from './server';

let emu: RunningEmulator;
let master: string;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());
beforeEach(async () => {
  await admin(emu, 'POST', 'reset');
  master = await tokenFor(emu);
  await admin(emu, 'DELETE', 'requests');
});

const fault = async (spec: Json): Promise<void> => {
  const r = await admin(emu, 'POST', 'faults', spec);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
};
const listKeys = () => call(emu, 4, 'b2_list_keys', master, { accountId: emu.accountId });
const createKey = (keyName: string) =>
  fetch(`${emu.url}/b2api/v4/b2_create_key`, {
    method: 'POST',
    headers: { Authorization: master },
    body: JSON.stringify({ accountId: emu.accountId, keyName, capabilities: ['listBuckets'] }),
  });
const keyNames = async (): Promise<string[]> => ((await admin(emu, 'GET', 'keys')).body as unknown as Json[]).map((k) => k['keyName'] as string);

describe('faults', () => {
  it('status + code + message for the next N calls, then normal again', async () => {
    await fault({ endpoint: 'b2_list_keys', count: 2, status: 503, code: 'service_unavailable', message: 'try later' });
    for (let i = 0; i < 2; i++) {
      const r = await listKeys();
      expect(r.status).toBe(503);
      expect(r.body).toEqual({ status: 503, code: 'service_unavailable', message: 'try later' });
    }
    expect((await listKeys()).status).toBe(200);
  });

  it('only the named endpoint is affected; the default count is 1; code defaults from status', async () => {
    await fault({ endpoint: 'b2_create_key', status: 500 });
    expect((await listKeys()).status).toBe(200);
    const r = await createKey('k1');
    expect(r.status).toBe(500);
    expect(((await r.json()) as Json)['code']).toBe('internal_error');
    expect((await createKey('k2')).status).toBe(200);
    expect(await keyNames()).toEqual(['k2']);
  });

  it('Retry-After header (429 too_many_requests), readable cross-origin', async () => {
    await fault({ endpoint: 'b2_create_key', status: 429, code: 'too_many_requests', retryAfter: 3 });
    const r = await createKey('rate');
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('3');
    expect(r.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(((await r.json()) as Json)['code']).toBe('too_many_requests');
    expect(await keyNames()).toEqual([]);
  });

  it('retryAfter alone means 429', async () => {
    await fault({ endpoint: 'b2_list_keys', retryAfter: 0 });
    const r = await listKeys();
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('0');
  });

  it('delayMs alone slows the real answer down', async () => {
    // Ordering, not a clock: a call sent after the delayed one is answered first, and the delayed one then
    // gets the real answer. The delay is far longer than an undelayed call takes, even on a loaded machine.
    await fault({ endpoint: 'b2_list_buckets', delayMs: 3_000 });
    let settled = false;
    const delayed = call(emu, 4, 'b2_list_buckets', master, { accountId: emu.accountId }).finally(() => (settled = true));
    expect((await listKeys()).status).toBe(200);
    expect(settled).toBe(false);
    const r = await delayed;
    expect(r.status).toBe(200);
    expect(r.body['buckets']).toHaveLength(3);
  });

  it('drop: the socket is destroyed, fetch rejects, nothing is created', async () => {
    await fault({ endpoint: 'b2_create_key', drop: true });
    await expect(createKey('dropped')).rejects.toThrow();
    expect(await keyNames()).toEqual([]);
  });

  it('afterHandling + drop: the key IS created though the client saw a network error', async () => {
    await fault({ endpoint: 'b2_create_key', drop: true, afterHandling: true });
    await expect(createKey('ambiguous')).rejects.toThrow();
    expect(await keyNames()).toEqual(['ambiguous']);
  });

  it('afterHandling + 500: the key is created, the client gets an error', async () => {
    await fault({ endpoint: 'b2_create_key', status: 500, afterHandling: true });
    expect((await createKey('half-done')).status).toBe(500);
    expect(await keyNames()).toEqual(['half-done']);
  });

  it('afterHandling + delayMs only: created first, answered late (client timeout case)', async () => {
    await fault({ endpoint: 'b2_create_key', delayMs: 400, afterHandling: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(
      fetch(`${emu.url}/b2api/v4/b2_create_key`, {
        method: 'POST',
        headers: { Authorization: master },
        body: JSON.stringify({ accountId: emu.accountId, keyName: 'late', capabilities: ['listBuckets'] }),
        signal: controller.signal,
      }),
    ).rejects.toThrow();
    expect(await keyNames()).toEqual(['late']);
  });

  it('raw non-JSON body (HTML from a proxy)', async () => {
    const html = '<html><body><h1>502 Bad Gateway</h1></body></html>';
    await fault({ endpoint: 'b2_list_keys', status: 502, body: html });
    const r = await fetch(`${emu.url}/b2api/v4/b2_list_keys`, { method: 'POST', headers: { Authorization: master }, body: JSON.stringify({ accountId: emu.accountId }) });
    expect(r.status).toBe(502);
    expect(r.headers.get('content-type')).toContain('text/html');
    expect(await r.text()).toBe(html);
  });

  it("endpoint '*' hits any call, including authorize", async () => {
    await fault({ endpoint: '*', count: 2, status: 503 });
    expect((await authorize(emu)).status).toBe(503);
    expect((await listKeys()).status).toBe(503);
    expect((await listKeys()).status).toBe(200);
  });

  it('faults queue in order; GET lists pending; DELETE clears', async () => {
    await fault({ endpoint: 'b2_list_keys', status: 500 });
    await fault({ endpoint: 'b2_list_keys', status: 503 });
    const pending = (await admin(emu, 'GET', 'faults')).body as unknown as Json[];
    expect(pending.map((f) => f['status'])).toEqual([500, 503]);
    expect((await listKeys()).status).toBe(500);
    expect((await admin(emu, 'DELETE', 'faults')).status).toBe(200);
    expect((await listKeys()).status).toBe(200);
  });

  it('invalid fault specs → 400', async () => {
    for (const spec of [{ endpoint: 'b2_nope' }, {}, { endpoint: '*', count: 0 }, { endpoint: '*', status: 99 }, { endpoint: '*', drop: 'yes' }]) {
      const r = await admin(emu, 'POST', 'faults', spec);
      expect(r.status, JSON.stringify(spec)).toBe(400);
    }
    const bad = await fetch(`${emu.url}/__emulator/faults`, { method: 'POST', body: '{oops' });
    expect(bad.status).toBe(400);
  });
});

describe('request log', () => {
  it('records endpoint, version, method, status, time (and code/fault extras); DELETE clears', async () => {
    const t0 = Date.now();
    await authorize(emu, 3);
    await listKeys();
    await call(emu, 2, 'b2_list_keys', 'bogus', { accountId: emu.accountId });
    await fault({ endpoint: 'b2_delete_key', drop: true });
    await expect(fetch(`${emu.url}/b2api/v4/b2_delete_key`, { method: 'POST', headers: { Authorization: master }, body: '{}' })).rejects.toThrow();
    await fetch(`${emu.url}/b2api/v4/b2_list_keys`, { method: 'OPTIONS' });
    await admin(emu, 'GET', 'keys'); // admin calls are not logged
    const log = (await admin(emu, 'GET', 'requests')).body as unknown as Json[];
    expect(log.map(({ endpoint, version, method, status }) => ({ endpoint, version, method, status }))).toEqual([
      { endpoint: 'b2_authorize_account', version: 3, method: 'GET', status: 200 },
      { endpoint: 'b2_list_keys', version: 4, method: 'POST', status: 200 },
      { endpoint: 'b2_list_keys', version: 2, method: 'POST', status: 401 },
      { endpoint: 'b2_delete_key', version: 4, method: 'POST', status: 0 },
      { endpoint: 'b2_list_keys', version: 4, method: 'OPTIONS', status: 204 },
    ]);
    expect(log[2]?.['code']).toBe('bad_auth_token');
    expect(log[3]?.['fault']).toBe(true);
    for (const e of log) {
      expect(e['time']).toBeGreaterThanOrEqual(t0);
      expect(e['time']).toBeLessThanOrEqual(Date.now());
    }
    await admin(emu, 'DELETE', 'requests');
    expect((await admin(emu, 'GET', 'requests')).body).toEqual([]);
  });
});
