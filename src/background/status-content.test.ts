/** getStatus through the real router and service: what a page's script learns (nothing naming an account). */
import { describe, expect, it } from 'vitest';
import { createRouter, type SenderInfo } from '../rpc/router';
import { LocalStore, MemoryArea } from '../storage';
import { createService } from './service';
import { Session } from './session';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}`;
const popup: SenderInfo = { id: ID, url: `${ORIGIN}/src/popup/index.html` };
const content: SenderInfo = { id: ID, url: 'https://nas.example/cloud-sync', tab: { id: 7, url: 'https://nas.example/cloud-sync' }, frameId: 0 };
const SEALED = { v: 1, iv: 'AAAAAAAAAAAAAAAA', ct: 'AAAAAAAAAAAAAAAAAAAAAA==' };

async function routed() {
  const local = new MemoryArea();
  await local.set({
    schemaVersion: 2,
    activeAccountId: 'acct-secret-id',
    accounts: {
      'acct-secret-id': { accountId: 'acct-secret-id', label: 'Work', endpoint: 'https://api.backblazeb2.com', managingKeyId: 'acct-secret-id', sealedKey: SEALED, capabilities: [], bucketRestriction: null, namePrefix: null, s3ApiUrl: null, addedAt: 1 },
    },
  });
  const service = createService({
    store: new LocalStore(local),
    session: new Session(new MemoryArea()),
    fetch: () => Promise.reject(new Error('no network in this test')),
    now: () => 0,
    manifest: { name: 'B2 Key Manager', version: '1' },
    browser: 'chrome',
    demoEndpoint: 'http://127.0.0.1:8787',
  });
  return createRouter(service.handlers, { extensionId: ID, extensionOrigin: ORIGIN });
}

describe('getStatus', () => {
  it('tells a content script nothing that identifies the account', async () => {
    const route = await routed();
    const reply = await route({ b2km: 1, method: 'getStatus', params: {} }, content);
    expect(reply.ok).toBe(true);
    const value = (reply as { value: Record<string, unknown> }).value;
    expect(value).toMatchObject({ activeAccountId: null, accountCount: 0, demoEndpoint: null, readOnlyReason: null, autoLockAt: null });
    expect(JSON.stringify(value)).not.toContain('acct-secret-id');
  });

  it('still tells our own pages everything', async () => {
    const route = await routed();
    const reply = await route({ b2km: 1, method: 'getStatus', params: {} }, popup);
    expect((reply as { value: Record<string, unknown> }).value).toMatchObject({ activeAccountId: 'acct-secret-id', accountCount: 1 });
  });
});
