import { describe, expect, it } from 'vitest';
import { ACCESS_TYPE_PRESETS } from '../b2/capabilities';
import { blockedByBuckets, buildCreateKeyInput, customChoices, errorsFromFields, INITIAL_CREATE_FORM, keyKindOf, keyKindSentence, keyNameError, parseDuration, type CreateFormState } from './createForm';

const form = (patch: Partial<CreateFormState>): CreateFormState => ({ ...INITIAL_CREATE_FORM, ...patch });

describe('parseDuration', () => {
  it('is optional', () => {
    expect(parseDuration('', 'days')).toEqual({ seconds: null });
    expect(parseDuration('   ', 'seconds')).toEqual({ seconds: null });
  });
  it('converts days to seconds and accepts seconds as they are', () => {
    expect(parseDuration('30', 'days')).toEqual({ seconds: 30 * 86_400 });
    expect(parseDuration('3600', 'seconds')).toEqual({ seconds: 3600 });
    expect(parseDuration('86,400', 'seconds')).toEqual({ seconds: 86_400 });
    expect(parseDuration('86 400', 'seconds')).toEqual({ seconds: 86_400 });
    expect(parseDuration('1,209,600', 'seconds')).toEqual({ seconds: 1_209_600 });
    // A decimal comma is no thousands separator: half a day is not 5 days, nor 1.5 days 15.
    for (const v of ['0,5', '1,5', '12,34', '1 5', '1,0000', ',500', 'x1,000', '1,000x']) expect(parseDuration(v, 'days'), v).toEqual({ error: expect.stringMatching(/^Enter a whole number of days/) });
  });
  it('allows at most 1000 days', () => {
    expect(parseDuration('1000', 'days')).toEqual({ seconds: 86_400_000 });
    expect(parseDuration('1001', 'days')).toEqual({ error: expect.stringMatching(/at most 1000 days/) });
    expect(parseDuration('86400001', 'seconds')).toEqual({ error: expect.stringMatching(/at most 1000 days/) });
  });
  it('refuses anything but a whole positive number', () => {
    expect(parseDuration('0', 'days')).toHaveProperty('error');
    expect(parseDuration('1.5', 'days')).toHaveProperty('error');
    expect(parseDuration('-3', 'days')).toHaveProperty('error');
    expect(parseDuration('ten', 'seconds')).toHaveProperty('error');
  });
  it('one day or one second is the shortest, and zero says so in the unit chosen', () => {
    expect(parseDuration('1', 'days')).toEqual({ seconds: 86_400 });
    expect(parseDuration('1', 'seconds')).toEqual({ seconds: 1 });
    expect(parseDuration('0', 'days')).toEqual({ error: 'Enter at least 1 day, or leave it empty for a key that never expires.' });
    expect(parseDuration('0', 'seconds')).toEqual({ error: 'Enter at least 1 second, or leave it empty for a key that never expires.' });
  });
});

describe('keyNameError', () => {
  it('stays quiet for an untouched empty name, then validates as you type', () => {
    expect(keyNameError('', false)).toBeNull();
    expect(keyNameError('', true)).toBe('Enter a key name.');
    expect(keyNameError('good-name-1', true)).toBeNull();
    expect(keyNameError('bad name', true)).toMatch(/letters, numbers/);
    expect(keyNameError('x'.repeat(101), true)).toMatch(/100/);
  });
  it('a name that is there (brought back from a draft) is checked even before the field is touched', () => {
    expect(keyNameError('bad name', false)).toMatch(/letters, numbers/);
    expect(keyNameError('good-name-1', false)).toBeNull();
  });
});

describe('buildCreateKeyInput', () => {
  it('builds a Read and Write key on all buckets', () => {
    const r = buildCreateKeyInput(form({ keyName: 'rw-all' }));
    expect(r).toEqual({
      ok: true,
      input: { keyName: 'rw-all', capabilities: [...ACCESS_TYPE_PRESETS.readWrite], bucketIds: null, namePrefix: null, validDurationInSeconds: null },
    });
  });

  it('builds a two-bucket key with a prefix, a duration and List All Bucket Names', () => {
    const r = buildCreateKeyInput(
      form({ keyName: 'two', bucketMode: 'some', bucketIds: ['b1', 'b2'], accessType: 'readOnly', namePrefix: 'logs/', durationValue: '7', allowListAllBucketNames: true }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.input.bucketIds).toEqual(['b1', 'b2']);
    expect(r.input.namePrefix).toBe('logs/');
    expect(r.input.validDurationInSeconds).toBe(7 * 86_400);
    expect(r.input.capabilities).toContain('listAllBucketNames');
    expect(r.input.capabilities).toContain('readFiles');
    expect(r.input.capabilities).not.toContain('writeFiles');
    expect(r.input.legacySingleBucket).toBeUndefined();
  });

  it('sends a real, whole preset (the managing key\'s own capabilities never cut it down)', () => {
    // A managing key with just listKeys, writeKeys, deleteKeys, listBuckets may still create keys with any
    // capabilities; cutting the preset down to its own had made Read and Write ["listBuckets"]. The form's
    // state has no say for the managing key, so what matters is that each preset is the usable set.
    const capsOf = (accessType: 'readWrite' | 'readOnly' | 'writeOnly') => {
      const r = buildCreateKeyInput(form({ keyName: 'k', accessType }));
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return r.input.capabilities;
    };
    expect(capsOf('readWrite')).toHaveLength(15);
    expect(capsOf('readWrite')).toEqual(expect.arrayContaining(['listBuckets', 'listFiles', 'readFiles', 'writeFiles', 'deleteFiles', 'shareFiles']));
    expect(capsOf('readOnly')).toEqual(expect.arrayContaining(['listBuckets', 'listFiles', 'readFiles']));
    expect(capsOf('readOnly').filter((c) => /^(write|delete)/.test(c))).toEqual([]);
    expect(capsOf('writeOnly')).toEqual(expect.arrayContaining(['listBuckets', 'writeFiles', 'deleteFiles']));
    expect(capsOf('writeOnly').filter((c) => /^read/.test(c))).toEqual([]);
    for (const accessType of ['readWrite', 'readOnly', 'writeOnly'] as const) {
      expect(capsOf(accessType).filter((c) => /Keys$/.test(c)), accessType).toEqual([]);
    }
  });

  it('still drops capabilities a bucket restriction rules out from a preset', () => {
    const r = buildCreateKeyInput(form({ keyName: 'k', bucketMode: 'some', bucketIds: ['b1'], allowListAllBucketNames: true }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.input.capabilities).toContain('listAllBucketNames');
    expect(r.input.capabilities).toContain('writeFiles');
    for (const c of ['listKeys', 'writeKeys', 'deleteKeys', 'deleteBuckets']) expect(r.input.capabilities).not.toContain(c);
  });

  it('sends custom capabilities, dropping ones a bucket restriction rules out', () => {
    const r = buildCreateKeyInput(
      form({ keyName: 'c', accessType: 'custom', customCapabilities: ['readFiles', 'listKeys', 'deleteBuckets'], bucketMode: 'some', bucketIds: ['b1'] }),
    );
    expect(r).toMatchObject({ ok: true, input: { capabilities: ['readFiles'], bucketIds: ['b1'] } });
    const all = buildCreateKeyInput(form({ keyName: 'c', accessType: 'custom', customCapabilities: ['readFiles', 'listKeys'] }));
    expect(all).toMatchObject({ ok: true, input: { capabilities: ['readFiles', 'listKeys'] } });
  });

  it('sends List All Bucket Names only when its own box is ticked, whatever the custom list holds', () => {
    const caps = (allowListAllBucketNames: boolean) => {
      const r = buildCreateKeyInput(form({ keyName: 'c', accessType: 'custom', customCapabilities: ['readFiles', 'listAllBucketNames'], allowListAllBucketNames }));
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return r.input.capabilities;
    };
    expect(caps(false)).toEqual(['readFiles']);
    expect(caps(true)).toEqual(['readFiles', 'listAllBucketNames']);
  });

  it('rules out nothing without a bucket restriction, so the form shows no "ruled out" hint', () => {
    const all = customChoices([]).flatMap((g) => g.capabilities);
    expect(blockedByBuckets(all, 'all').size).toBe(0);
    expect([...blockedByBuckets(all, 'some')]).toEqual(expect.arrayContaining(['listKeys', 'writeKeys', 'deleteKeys', 'writeBuckets', 'deleteBuckets']));
  });

  it('buckets picked and then All chosen again make an all-buckets key, and no bucket picked yet makes none', () => {
    const back = form({ keyName: 'k', bucketMode: 'all', bucketIds: ['b1'] });
    expect(keyKindOf(back)).toBe('allBuckets');
    expect(keyKindSentence(back)).toBeNull();
    expect(buildCreateKeyInput(back)).toEqual({ ok: true, input: { keyName: 'k', capabilities: [...ACCESS_TYPE_PRESETS.readWrite], bucketIds: null, namePrefix: null, validDurationInSeconds: null } });
    expect(keyKindOf(form({ bucketMode: 'some', bucketIds: [] }))).toBeNull();
    expect(keyKindSentence(form({ bucketMode: 'some', bucketIds: [] }))).toBeNull();
  });

  it('says which multi-bucket key it makes: one bucket by choice, or several', () => {
    expect(keyKindSentence(form({ bucketMode: 'some', bucketIds: ['b1', 'b2'] }))).toMatch(/^More than one bucket makes a multi-bucket key \(B2 API v4\)\./);
    expect(keyKindSentence(form({ bucketMode: 'some', bucketIds: ['b1'], v4OneBucket: true }))).toMatch(/^This makes a multi-bucket key with one bucket \(B2 API v4\)\./);
  });

  it('asks for at least one custom capability', () => {
    expect(buildCreateKeyInput(form({ keyName: 'c', accessType: 'custom' }))).toMatchObject({ ok: false, errors: { capabilities: 'Choose at least one capability.' } });
  });

  it('collects every field error at once', () => {
    const r = buildCreateKeyInput(form({ keyName: 'bad name', bucketMode: 'some', bucketIds: [], durationValue: '5000' }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(['bucketIds', 'keyName', 'validDurationInSeconds']);
  });

  it('one bucket makes a single-bucket key by default; the advanced switch makes it v4; several buckets are always v4', () => {
    const one = buildCreateKeyInput(form({ keyName: 'l', bucketMode: 'some', bucketIds: ['b1'] }));
    expect(one).toMatchObject({ ok: true, input: { legacySingleBucket: true, bucketIds: ['b1'] } });
    expect(keyKindSentence(form({ bucketMode: 'some', bucketIds: ['b1'] }))).toMatch(/single-bucket key, which works with every tool/);
    const v4 = buildCreateKeyInput(form({ keyName: 'l', bucketMode: 'some', bucketIds: ['b1'], v4OneBucket: true }));
    expect(v4.ok && v4.input.legacySingleBucket).toBe(undefined);
    expect(keyKindSentence(form({ bucketMode: 'some', bucketIds: ['b1'], v4OneBucket: true }))).toMatch(/multi-bucket key with one bucket/);
    const two = buildCreateKeyInput(form({ keyName: 'l', bucketMode: 'some', bucketIds: ['b1', 'b2'] }));
    expect(two.ok && two.input.legacySingleBucket).toBe(undefined);
    expect(keyKindSentence(form({ bucketMode: 'some', bucketIds: ['b1', 'b2'] }))).toMatch(/older API versions \(v1 to v3\).*cannot use it/);
    const all = buildCreateKeyInput(form({ keyName: 'l', v4OneBucket: true }));
    expect(all.ok && all.input.legacySingleBucket).toBe(undefined);
    expect(keyKindSentence(form({}))).toBeNull();
  });

  it('sends the name exactly as shown: spaces around it are an error in the field, not trimmed away', () => {
    for (const keyName of ['  k  ', 'k ', ' k', 'k\t']) {
      const r = buildCreateKeyInput(form({ keyName }));
      expect(r, JSON.stringify(keyName)).toMatchObject({ ok: false, errors: { keyName: expect.stringMatching(/at the start or end/) } });
      expect(keyNameError(keyName, true), JSON.stringify(keyName)).toMatch(/at the start or end/);
    }
    const r = buildCreateKeyInput(form({ keyName: 'k', namePrefix: ' a b/' }));
    expect(r).toMatchObject({ ok: true, input: { keyName: 'k', namePrefix: ' a b/' } });
  });

  it('names the characters B2 refuses in the field error', () => {
    expect(buildCreateKeyInput(form({ keyName: 'my_key.v2' }))).toMatchObject({ ok: false, errors: { keyName: expect.stringContaining('Remove “_” and “.”.') } });
  });
});

describe('customChoices', () => {
  it('offers every verified capability whatever the managing key holds, in the console order', () => {
    // A managing key with only the four key-management capabilities still gets the whole checklist
    // (its writeKeys lets B2 grant anything): written out, not derived from the module's own constants.
    const groups = customChoices(['listKeys', 'writeKeys', 'deleteKeys', 'listBuckets']);
    expect(groups).toEqual([
      { label: 'Application keys', capabilities: ['listKeys', 'writeKeys', 'deleteKeys'] },
      { label: 'Buckets', capabilities: ['listBuckets', 'readBuckets', 'writeBuckets', 'deleteBuckets'] },
      { label: 'Files', capabilities: ['listFiles', 'readFiles', 'shareFiles', 'writeFiles', 'deleteFiles'] },
      {
        label: 'Bucket settings',
        capabilities: [
          'readBucketEncryption',
          'writeBucketEncryption',
          'readBucketRetentions',
          'writeBucketRetentions',
          'readBucketReplications',
          'writeBucketReplications',
          'readBucketNotifications',
          'writeBucketNotifications',
          'readBucketLogging',
          'writeBucketLogging',
        ],
      },
      { label: 'Object Lock', capabilities: ['readFileRetentions', 'writeFileRetentions', 'readFileLegalHolds', 'writeFileLegalHolds', 'bypassGovernance'] },
    ]);
  });

  it('offers the unverified lifecycle pair only when the managing key holds it', () => {
    const offered = (held: string[]) => customChoices(held).flatMap((g) => g.capabilities);
    expect(offered(['listKeys', 'writeKeys'])).not.toContain('readBucketLifecycleRules');
    expect(offered(['writeKeys', 'readBucketLifecycleRules'])).toContain('readBucketLifecycleRules');
    expect(offered(['writeKeys', 'readBucketLifecycleRules'])).not.toContain('writeBucketLifecycleRules');
  });

  it('adds capabilities the managing key holds that this version does not know, under Other', () => {
    const groups = customChoices(['readFiles', 'listKeys', 'listAllBucketNames', 'brandNewCapability', 'brandNewCapability']);
    expect(groups.at(-1)).toEqual({ label: 'Other', capabilities: ['brandNewCapability'] });
    expect(customChoices([]).some((g) => g.label === 'Other')).toBe(false);
  });
});

describe('errorsFromFields', () => {
  it('keeps only fields the form has', () => {
    expect(errorsFromFields({ keyName: 'Bad', other: 'x' })).toEqual({ keyName: 'Bad' });
  });
  it('a refusal naming no field of the form gives no field errors, so the form says the refusal itself', () => {
    expect(Object.keys(errorsFromFields({}))).toEqual([]);
    expect(Object.keys(errorsFromFields({ other: 'x' }))).toEqual([]);
    expect(Object.keys(errorsFromFields({ keyName: 'Bad', namePrefix: '' }))).toEqual(['keyName']);
  });
});
