/**
 * What became of a Create New Key sent from the popup's form, kept by the form's request id. A popup closes
 * without warning (a click outside it) while B2 is still answering; the form it sent is kept as a draft marked
 * "sent" (src/popup/create-draft.ts), and the popup opened next asks here whether to bring it back: not after
 * B2 made the key (a second click would make a second one), and with B2's reason when B2 refused it.
 *
 * Kept in storage.session: memory only, gone when the browser closes (the create journal covers that case),
 * and not cleared by lock, since none of it is secret: a key name, a keyID, an error sentence.
 */
import { errorCodes, type ErrorCode } from '../rpc/codes';
import type { RpcErrorBody } from '../rpc/protocol';
import { BACKGROUND_STOPPED } from './create-journal';

export type CreateOutcome =
  /**
   * The request reached this background; `workerId` tells whether the instance waiting for B2 still lives, and the
   * account and name let a later instance find the key's secret if it was saved before that instance stopped.
   */
  | { state: 'pending'; at: number; workerId: string; accountId: string | null; keyName: string }
  | { state: 'created'; at: number; keyName: string; applicationKeyId: string; saved: boolean }
  /** The error the form would have shown had it stayed open. */
  | { state: 'failed'; at: number; error: RpcErrorBody };

/** As long as a draft is kept (DRAFT_MAX_AGE_MS): an older draft is not brought back, so nobody asks. */
export const KEEP_OUTCOME_MS = 60 * 60_000;
/** A person does not send more than a few forms an hour; a bound keeps a runaway page from filling the session. */
export const MAX_OUTCOMES = 20;

/** The outcome as the popup sees it: a create whose background stopped is "no answer", as a live form would say. */
export type OutcomeView =
  | { state: 'pending' }
  | { state: 'created'; keyName: string; applicationKeyId: string; saved: boolean; held: boolean }
  | { state: 'failed'; error: RpcErrorBody };

const CODES: ReadonlySet<string> = new Set(errorCodes);

function isStringRecord(v: unknown): v is Record<string, string> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((s) => typeof s === 'string');
}

/** One stored outcome, or null: only this background writes the session, but a newer version's shape is no outcome. */
export function parseOutcome(v: unknown): CreateOutcome | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.at !== 'number' || !Number.isFinite(o.at)) return null;
  if (o.state === 'pending') {
    const ok = typeof o.workerId === 'string' && typeof o.keyName === 'string' && (o.accountId === null || typeof o.accountId === 'string');
    return ok ? { state: 'pending', at: o.at, workerId: o.workerId as string, accountId: o.accountId as string | null, keyName: o.keyName as string } : null;
  }
  if (o.state === 'created') {
    const ok = typeof o.keyName === 'string' && typeof o.applicationKeyId === 'string' && typeof o.saved === 'boolean';
    return ok ? { state: 'created', at: o.at, keyName: o.keyName as string, applicationKeyId: o.applicationKeyId as string, saved: o.saved as boolean } : null;
  }
  if (o.state === 'failed') {
    const e = o.error as Record<string, unknown> | null;
    if (typeof e !== 'object' || e === null || typeof e.code !== 'string' || !CODES.has(e.code) || typeof e.message !== 'string') return null;
    if (e.fields !== undefined && !isStringRecord(e.fields)) return null;
    const b2 = e.b2 as Record<string, unknown> | undefined;
    if (b2 !== undefined && (typeof b2 !== 'object' || b2 === null || typeof b2.status !== 'number' || typeof b2.code !== 'string')) return null;
    // What the form reads: the sentence, the fields it names, and B2's own code. Nothing else of an error is kept.
    const error: RpcErrorBody = {
      code: e.code as ErrorCode,
      message: e.message,
      ...(e.fields ? { fields: e.fields as Record<string, string> } : {}),
      ...(b2 ? { b2: { status: b2.status as number, code: b2.code as string } } : {}),
    };
    return { state: 'failed', at: o.at, error };
  }
  return null;
}

/** The outcome stored for `requestId`, if any and of a known shape. */
export function outcomeOf(stored: unknown, requestId: string): CreateOutcome | null {
  if (typeof stored !== 'object' || stored === null || !Object.hasOwn(stored, requestId)) return null;
  return parseOutcome((stored as Record<string, unknown>)[requestId]);
}

/** The stored outcomes with this one set, the ones past keeping dropped, and only the newest MAX_OUTCOMES. */
export function withOutcome(stored: unknown, requestId: string, outcome: CreateOutcome, now: number): Record<string, CreateOutcome> {
  const entries: [string, CreateOutcome][] = [];
  if (typeof stored === 'object' && stored !== null) {
    for (const [id, raw] of Object.entries(stored)) {
      const o = id === requestId ? null : parseOutcome(raw);
      if (o && now - o.at < KEEP_OUTCOME_MS && o.at <= now) entries.push([id, o]);
    }
  }
  entries.push([requestId, outcome]);
  entries.sort((a, b) => a[1].at - b[1].at);
  return Object.fromEntries(entries.slice(-MAX_OUTCOMES));
}

/**
 * What the popup is told. A pending create of another background instance lost its answer with it. `held`: the
 * created key's secret is held in memory (the vault refused it).
 */
export function outcomeView(o: CreateOutcome | null, workerId: string, held = false): OutcomeView | null {
  if (!o) return null;
  if (o.state === 'pending') {
    if (o.workerId === workerId) return { state: 'pending' };
    return { state: 'failed', error: { code: 'NO_ANSWER', message: BACKGROUND_STOPPED } };
  }
  if (o.state === 'created') return { state: 'created', keyName: o.keyName, applicationKeyId: o.applicationKeyId, saved: o.saved, held: !o.saved && held };
  return { state: 'failed', error: o.error };
}
