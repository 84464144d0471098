// Cross-check against Backblaze's official Python SDK (Debian python3-b2sdk, 1.17.x, which speaks native API v2).
import { execFile, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, type Json } from './helpers';
import { startEmulator, type RunningEmulator } from './server';

const PYTHON = '/usr/bin/python3'; // the system python that has python3-b2sdk, not the pyenv one first in PATH
const script = join(dirname(fileURLToPath(import.meta.url)), 'b2sdk_check.py');
const probe = spawnSync(PYTHON, ['-c', 'import b2sdk'], { encoding: 'utf8' });
// Skipped (not failed) on a developer machine without python3-b2sdk: this test checks the emulator against a
// real client, it is not required to develop the extension. In CI (.ci/run installs it) it always runs.
const hasSdk = probe.status === 0;
const itSdk = hasSdk || process.env.CI ? it : it.skip;

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());

describe('official b2sdk against the emulator', () => {
  itSdk('authorizes (v2 shape), lists buckets, creates/lists/deletes keys, uses a single-bucket key', async () => {
    const { stdout } = await promisify(execFile)(PYTHON, [script, emu.url, emu.applicationKeyId, emu.applicationKey], { timeout: 60_000 });
    const r = JSON.parse(stdout) as Json;
    expect(r['accountId']).toBe(emu.accountId);
    expect(r['apiUrl']).toBe(emu.url);
    expect(r['s3ApiUrl']).toBe(`${emu.url}/s3`);
    expect(r['allowedCapabilities']).toContain('writeKeys');
    expect(r['buckets']).toEqual(['nas-archive', 'photos-backup', 'web-assets']);
    expect(r['createdKeyId']).toMatch(/^005[a-zA-Z0-9]{22}$/);
    expect(r['createdOptions']).toEqual(['s3']);
    expect(r['listedIds']).toEqual([r['createdKeyId']]);
    expect(r['scopedAllowed']).toEqual({ bucketId: expect.any(String), bucketName: 'nas-archive', capabilities: ['listBuckets', 'listFiles'], namePrefix: 'docs/' });
    expect(r['scopedBuckets']).toEqual(['nas-archive']);
    expect(r['scopedExpiration']).toBeGreaterThan(Date.now());
    expect(r['deletedKeyId']).toBe(r['createdKeyId']);
    expect(r['listedAfterDelete']).toEqual([]);

    // The SDK spoke v2 throughout, with POST; the secret it was given is the one the emulator issued.
    const log = (await admin(emu, 'GET', 'requests')).body as unknown as Json[];
    expect(new Set(log.map((e) => e['version']))).toEqual(new Set([2]));
    expect(log.every((e) => e['method'] === 'POST' && e['status'] === 200)).toBe(true);
    expect(log.map((e) => e['endpoint'])).toContain('b2_delete_key');
  });
});
