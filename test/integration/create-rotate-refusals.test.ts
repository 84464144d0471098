/**
 * Create New Key and Rotate key against the real emulator when what they stand on is gone:
 *  A. the managing key no longer works (a regenerated master key): the sentence says so and to add the account
 *     again, not the add-account form's "check both values" of a keyID and applicationKey nobody typed there;
 *  B. the bucket of the key to rotate was deleted: said before anything is sent, since the rotate form has no
 *     bucket to change.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Service } from '../../src/background/service';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { call, callError, emulatorAdmin, serviceWithEmulatorAccount } from '../helpers/service-harness';

const PASS = 'correct horse battery staple';
let emu: RunningEmulator;
let service: Service;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(async () => emu?.close());
beforeEach(async () => {
  service = await serviceWithEmulatorAccount(emu, PASS);
});

describe('A. the managing key no longer works', () => {
  it('Create New Key says the account’s own key was refused and to add the account again, not "check both values"', async () => {
    // The person generated a new master application key in the B2 web console.
    await emulatorAdmin(emu, `alter-key/${emu.accountId}`, { newSecret: true });
    const e = await callError(service, 'createKey', { keyName: 'after-regen', capabilities: ['readFiles'] });
    expect([e.code, e.message]).toEqual(['B2_PERMISSION', expect.stringMatching(/^B2 no longer accepts the key this extension manages the account with: .* Add the account again on the options page/)]);
  });

  it('Rotate key, the same', async () => {
    const made = await call(service, 'createKey', { keyName: 'to-rotate', capabilities: ['readFiles'] });
    await emulatorAdmin(emu, `alter-key/${emu.accountId}`, { newSecret: true });
    const e = await callError(service, 'rotateKey', { applicationKeyId: made.key.applicationKeyId, accountId: emu.accountId, keyName: 'to-rotate-2', validDurationInSeconds: null });
    expect([e.code, e.message]).toEqual(['B2_PERMISSION', expect.stringMatching(/^B2 no longer accepts the key this extension manages the account with: /)]);
  });
});

describe('B. rotating a key restricted to a bucket deleted since', () => {
  it('is refused before B2 is asked, with a sentence about the bucket', async () => {
    const info = (await emulatorAdmin(emu, 'info')) as { buckets: { bucketId: string; bucketName: string }[] };
    const bucket = info.buckets[0]!;
    const made = await call(service, 'createKey', { keyName: 'scoped', capabilities: ['listFiles', 'readFiles'], bucketIds: [bucket.bucketId], legacySingleBucket: true });
    await fetch(`${emu.url}/__emulator/buckets/${bucket.bucketId}`, { method: 'DELETE' });
    await call(service, 'refreshKeys', {});
    const notes = await call(service, 'keyNotes', { applicationKeyId: made.key.applicationKeyId, accountId: emu.accountId });
    const e = await callError(service, 'rotateKey', { applicationKeyId: made.key.applicationKeyId, accountId: emu.accountId, keyName: 'scoped-2', validDurationInSeconds: null });
    // The rotate form shows only keyName and duration: B2's bad_bucket_id ("Change it and try again") could not be
    // followed there, so the refusal comes first, on the details page and from the call alike.
    expect(notes.rotation.refusal).toMatch(new RegExp(`^This key’s bucket ${bucket.bucketId} no longer exists in B2`));
    expect([e.code, e.message]).toEqual(['INVALID_INPUT', notes.rotation.refusal]);
  });
});
