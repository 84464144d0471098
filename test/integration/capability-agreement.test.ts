/**
 * The create form offers no capability the emulator (and so B2, per the key-API notes) refuses for the chosen
 * buckets. Every capability any side knows × every bucket choice (all, one, several, one as a legacy v3 key):
 * the client rule (validateCreateKeyInput), what the form offers and sends (customChoices, blockedByBuckets,
 * buildCreateKeyInput) and the real emulator's answer to a raw b2_create_key must agree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { B2ApiError } from '../../src/b2';
import { ALL_KNOWN_CAPABILITIES } from '../../src/b2/capabilities';
import { toRpcError } from '../../src/background/errors';
import { validateCreateKeyInput } from '../../src/b2/validate';
import { blockedByBuckets, buildCreateKeyInput, customChoices, INITIAL_CREATE_FORM, type CreateFormState } from '../../src/popup/createForm';
import { ALL_CAPABILITIES as EMULATOR_CAPABILITIES } from '../b2-emulator/capabilities';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';

type Choice = 'all' | 'one' | 'several' | 'legacy';
const CHOICES: Choice[] = ['all', 'one', 'several', 'legacy'];

let emu: RunningEmulator;
let token: string;
let apiUrl: string;
let accountId: string;
/** The master key's allowed.capabilities, as the form gets them through listAccounts. */
let managing: string[];
let bucketIds: string[];

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  const res = await fetch(`${emu.url}/b2api/v4/b2_authorize_account`, {
    headers: { Authorization: `Basic ${Buffer.from(`${emu.applicationKeyId}:${emu.applicationKey}`).toString('base64')}` },
  });
  const auth = (await res.json()) as { authorizationToken: string; accountId: string; apiInfo: { storageApi: { apiUrl: string; allowed: { capabilities: string[] } } } };
  token = auth.authorizationToken;
  apiUrl = auth.apiInfo.storageApi.apiUrl;
  accountId = auth.accountId;
  managing = auth.apiInfo.storageApi.allowed.capabilities;
  const info = (await (await fetch(`${emu.url}/__emulator/info`)).json()) as { buckets: { bucketId: string }[] };
  bucketIds = info.buckets.map((b) => b.bucketId);
  expect(bucketIds.length).toBeGreaterThanOrEqual(2);
});

afterAll(async () => {
  await emu?.close();
});

function bucketsOf(choice: Choice): string[] | null {
  const [a, b] = bucketIds as [string, string];
  return choice === 'all' ? null : choice === 'several' ? [a, b] : [a];
}

let n = 0;
/** The emulator's own verdict: a raw request, no client-side checks in the way. */
async function emulatorAccepts(capabilities: string[], choice: Choice): Promise<{ ok: boolean; message: string }> {
  const buckets = bucketsOf(choice);
  const legacy = choice === 'legacy';
  const body = { accountId, keyName: `agree-${n++}`, capabilities, ...(legacy ? { bucketId: buckets?.[0] } : { bucketIds: buckets }) };
  const res = await fetch(`${apiUrl}/b2api/${legacy ? 'v3' : 'v4'}/b2_create_key`, {
    method: 'POST',
    headers: { Authorization: token, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { message?: string };
  if (res.status !== 200 && res.status !== 400) throw new Error(`unexpected ${res.status} ${json.message}`);
  return { ok: res.status === 200, message: json.message ?? '' };
}

function formState(choice: Choice, patch: Partial<CreateFormState>): CreateFormState {
  const buckets = bucketsOf(choice);
  return {
    ...INITIAL_CREATE_FORM,
    keyName: 'agree',
    bucketMode: buckets ? 'some' : 'all',
    bucketIds: buckets ?? [],
    // One bucket is a single-bucket (v3) key unless the advanced switch asks for v4.
    v4OneBucket: choice !== 'legacy',
    ...patch,
  };
}

/** Whether the form lets a person ask for exactly this capability with this bucket choice, and sends it. */
function formOffers(cap: string, choice: Choice): boolean {
  const state =
    cap === 'listAllBucketNames'
      ? // It has its own checkbox, always enabled; one other capability makes the custom set non-empty.
        formState(choice, { accessType: 'custom', customCapabilities: ['listFiles'], allowListAllBucketNames: true })
      : formState(choice, { accessType: 'custom', customCapabilities: [cap] });
  if (cap !== 'listAllBucketNames') {
    const listed = customChoices(managing).some((g) => g.capabilities.includes(cap));
    const enabled = !blockedByBuckets([cap], state.bucketMode).has(cap);
    if (!listed || !enabled) return false;
  }
  const built = buildCreateKeyInput(state);
  return built.ok && built.input.capabilities.includes(cap);
}

function clientAccepts(cap: string, choice: Choice): boolean {
  const issues = validateCreateKeyInput({ keyName: 'agree', capabilities: [cap], bucketIds: bucketsOf(choice), legacySingleBucket: choice === 'legacy' });
  return !issues.some((i) => i.field === 'capabilities');
}

describe('client rule, form and emulator agree on capabilities × buckets', () => {
  it('for every capability and every bucket choice', async () => {
    const everything = [...new Set([...ALL_KNOWN_CAPABILITIES, ...EMULATOR_CAPABILITIES, ...managing, 'someFutureCapability'])];
    const knownToBoth = new Set(ALL_KNOWN_CAPABILITIES.filter((c) => EMULATOR_CAPABILITIES.includes(c)));
    const disagreements: string[] = [];
    let offeredCount = 0;
    for (const cap of everything) {
      for (const choice of CHOICES) {
        const emulator = await emulatorAccepts(cap === 'listAllBucketNames' ? ['listFiles', cap] : [cap], choice);
        const offered = formOffers(cap, choice);
        const client = clientAccepts(cap, choice);
        if (offered) offeredCount++;
        if (offered !== emulator.ok) disagreements.push(`${cap} × ${choice}: form ${offered ? 'offers' : 'hides'} it, emulator ${emulator.ok ? 'accepts' : `refuses (${emulator.message})`}`);
        if (offered && !client) disagreements.push(`${cap} × ${choice}: the form offers what the client rule refuses`);
        if (knownToBoth.has(cap) && client !== emulator.ok) disagreements.push(`${cap} × ${choice}: client rule ${client ? 'accepts' : 'refuses'}, emulator ${emulator.ok ? 'accepts' : 'refuses'}`);
      }
    }
    expect(disagreements).toEqual([]);
    // Not vacuous: most capabilities are offered with each choice, and key capabilities only without buckets.
    expect(offeredCount).toBeGreaterThan(80);
    expect(formOffers('writeKeys', 'all')).toBe(true);
    expect(formOffers('writeKeys', 'one')).toBe(false);
  });

  it('every preset, with and without Allow List All Bucket Names, is accepted for every bucket choice', async () => {
    const refused: string[] = [];
    for (const accessType of ['readWrite', 'readOnly', 'writeOnly'] as const) {
      for (const allowListAllBucketNames of [false, true]) {
        for (const choice of CHOICES) {
          const built = buildCreateKeyInput(formState(choice, { accessType, allowListAllBucketNames }));
          if (!built.ok) {
            refused.push(`${accessType}/${choice}: form error ${JSON.stringify(built.errors)}`);
            continue;
          }
          const answer = await emulatorAccepts(built.input.capabilities, choice);
          if (!answer.ok) refused.push(`${accessType}/${allowListAllBucketNames}/${choice}: ${answer.message}`);
        }
      }
    }
    expect(refused).toEqual([]);
  });
});

describe('a B2 refusal of a capability lands on the capabilities field', () => {
  it('maps the emulator\'s real 400 for a refused capability to that field, with B2\'s words', async () => {
    const answer = await emulatorAccepts(['readBucketLogging', 'writeKeys'], 'one');
    expect(answer.ok).toBe(false);
    const rpc = toRpcError(new B2ApiError({ status: 400, code: 'bad_request', message: answer.message, call: 'b2_create_key' }));
    expect(rpc.fields?.['capabilities']).toBe(`B2 refused this: “${answer.message}”. Change it and try again; nothing was created.`);
    // Other calls' 400s, and create refusals about no field, stay form-level.
    expect(toRpcError(new B2ApiError({ status: 400, code: 'bad_request', message: answer.message, call: 'b2_list_keys' })).fields).toBeUndefined();
    expect(toRpcError(new B2ApiError({ status: 400, code: 'bad_request', message: 'something else', call: 'b2_create_key' })).fields).toBeUndefined();
    const named = await emulatorAccepts(['listFiles'], 'all');
    expect(named.ok).toBe(true);
  });
});
