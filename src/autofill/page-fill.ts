// The page-side entry points: find the fields and fill the value(s) the user asked for. Runs in the page's
// (isolated) content-script world; holds no value beyond the call.
//
// Not self-contained as one function (it imports detect/fill/score): inject the bundled
// src/autofill/inject.ts with `scripting.executeScript({ files })` and call the globals it defines.

import { deepActiveElement, findCredentialFields, isEditable, isTextField, scoreField, THRESHOLD } from './detect';
import type { DetectionResult, FillableField } from './detect';
import { setFieldValue } from './fill';
import { whyHidden } from './visibility';
import type { CredentialRole, FillRequest, FillResult, ProbeResult, UnplacedRole } from './types';

export type { FillRequest, FillResult, ProbeResult } from './types';

const ROLE_NAME: Record<CredentialRole, string> = { keyId: 'keyID', secret: 'applicationKey' };

function noField(roles: CredentialRole[]): FillResult {
  const what = roles.map((r) => ROLE_NAME[r]).join(' or ');
  return {
    ok: false,
    reason: 'NO_FIELD',
    message: `No ${what} field was found on this page. Click into the field and try again.`,
  };
}

/** The page's own code undid the value (an input mask or a filtering controlled input). */
const REJECTED: FillResult = {
  ok: false,
  reason: 'REJECTED',
  message: 'The page did not accept the value (the field changed it back). Paste it by hand instead.',
};

const NO_FOCUSED_FIELD: FillResult = {
  ok: false,
  reason: 'NO_FOCUSED_FIELD',
  message: 'No text field has the focus. Click into the field you want to fill and try again.',
};

/** The field in question is there but a person cannot see it (visibility.ts): a page's trap, never filled. */
const HIDDEN_FIELD: FillResult = {
  ok: false,
  reason: 'HIDDEN_FIELD',
  message: 'The field cannot be seen on the page (it is hidden, covered or off-screen), so nothing was filled.',
};

const NO_VALUE: FillResult = {
  ok: false,
  reason: 'NO_VALUE',
  message: 'There was nothing to fill: no keyID or applicationKey was given.',
};

const ORIGIN_CHANGED: FillResult = {
  ok: false,
  reason: 'ORIGIN_CHANGED',
  message: 'The page changed before it could be filled. Nothing was filled; try again.',
};

function nonEmpty(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The focused text field the user can type into, or null. */
function focusedField(doc: Document): FillableField | null {
  const active = deepActiveElement(doc);
  return isTextField(active) && isEditable(active) ? active : null;
}

/** The role a field looks like when it must get one of both values: secret only on clear signs. */
function roleOfField(el: FillableField, det?: DetectionResult): CredentialRole {
  if (det?.secret === el) return 'secret';
  if (det?.keyId === el) return 'keyId';
  const c = scoreField(el);
  if (c.secretScore > 0 && c.secretScore > c.keyIdScore) return 'secret';
  if (c.keyIdScore > 0 && c.keyIdScore >= c.secretScore) return 'keyId';
  return el.localName === 'input' && (el as HTMLInputElement).type === 'password' ? 'secret' : 'keyId';
}

/**
 * Whether the focused field may take `role` when detection found no field for it: it is not the field
 * detected for the other role, does not look like the other role, is no decoy (search box, site login),
 * and, for a secret, shows some sign of being one (a secret-like text or a password input).
 */
function focusedFits(el: FillableField, role: CredentialRole, det: DetectionResult): boolean {
  const other: CredentialRole = role === 'keyId' ? 'secret' : 'keyId';
  if (det[other] === el) return false;
  const c = scoreField(el);
  const mine = role === 'keyId' ? c.keyIdScore : c.secretScore;
  const theirs = role === 'keyId' ? c.secretScore : c.keyIdScore;
  if (mine < 0 || theirs >= THRESHOLD) return false;
  if (role === 'secret') return c.secretScore > 0 || el.localName === 'input' && (el as HTMLInputElement).type === 'password';
  return true;
}

/**
 * The document's real origin: `window.origin`, which is "null" in a sandboxed frame. `location.origin` only
 * reflects the URL, so a sandboxed frame served from the top page's own server would pass for that origin.
 */
function originOf(doc: Document): string {
  const view = doc.defaultView as (Window & { origin?: unknown }) | null;
  if (typeof view?.origin === 'string') return view.origin;
  return view?.location.origin ?? doc.location.origin;
}

/**
 * Fill the B2 keyID and/or secret into the page. Nothing is changed unless it returns `ok: true`.
 * `doc` defaults to the current document (tests may pass another).
 */
export function fillCredentials(req: FillRequest, doc: Document = document): FillResult {
  const keyId = nonEmpty(req?.keyId);
  const secret = nonEmpty(req?.secret);
  const values: Partial<Record<CredentialRole, string>> = {};
  if (keyId !== undefined) values.keyId = keyId;
  if (secret !== undefined) values.secret = secret;

  // An opaque ("null") origin is never a match: every sandboxed frame shares it, so it identifies nothing.
  if (req?.expectedOrigin !== undefined && (req.expectedOrigin !== originOf(doc) || req.expectedOrigin === 'null')) return ORIGIN_CHANGED;

  const focused = focusedField(doc);
  const target = req?.target;

  if (target === 'focused') {
    if (!focused) return NO_FOCUSED_FIELD;
    // A page can move the focus into a field nobody sees just before the person picks "Fill".
    if (whyHidden(focused) !== null) return HIDDEN_FIELD;
    let role: CredentialRole;
    if (keyId !== undefined && secret !== undefined) role = roleOfField(focused, findCredentialFields(doc, { focused }));
    else if (keyId !== undefined) role = 'keyId';
    else if (secret !== undefined) role = 'secret';
    else return NO_VALUE;
    if (!setFieldValue(focused, values[role] as string)) return REJECTED;
    return { ok: true, filled: [role] };
  }

  let asked: CredentialRole[];
  if (target === 'keyId' || target === 'secret') asked = [target];
  else if (target === 'both') asked = ['keyId', 'secret'];
  else return NO_VALUE;
  asked = asked.filter((r) => values[r] !== undefined);
  if (asked.length === 0) return NO_VALUE;

  const det = findCredentialFields(doc, { focused });
  const plan: [CredentialRole, FillableField][] = [];
  for (const role of asked) {
    const field = det[role];
    if (field) plan.push([role, field]);
  }
  if (plan.length === 0 && focused && whyHidden(focused) === null) {
    // Nothing detected: the field the user clicked into, if it fits (keyID first: it is not secret).
    const role = asked.find((r) => focusedFits(focused, r, det));
    if (role) plan.push([role, focused]);
  }
  if (plan.length === 0) return noField(asked);

  const filled: CredentialRole[] = [];
  // Every asked-for value that did not go in, and why: a fill of one of two values is reported as such.
  const unplaced: UnplacedRole[] = asked.filter((r) => !plan.some(([role]) => role === r)).map((role) => ({ role, reason: 'NO_FIELD' }));
  let hidden = false;
  for (const [role, field] of plan) {
    // Looked at again right before each value goes in: the page's own handlers ran on the previous fill's
    // events and may have hidden, moved or covered this field since detection.
    if (whyHidden(field) !== null) {
      hidden = true;
      unplaced.push({ role, reason: 'HIDDEN_FIELD' });
      continue;
    }
    if (setFieldValue(field, values[role] as string)) filled.push(role);
    else unplaced.push({ role, reason: 'REJECTED' });
  }
  if (filled.length) return unplaced.length ? { ok: true, filled, unplaced } : { ok: true, filled };
  return hidden ? HIDDEN_FIELD : REJECTED;
}

/** Which fields this frame offers, without filling anything. */
export function probeCredentials(doc: Document = document): ProbeResult {
  const focused = focusedField(doc);
  const det = findCredentialFields(doc, { focused });
  let focusedRole: ProbeResult['focused'] = null;
  if (focused) {
    if (det.keyId === focused) focusedRole = 'keyId';
    else if (det.secret === focused) focusedRole = 'secret';
    else focusedRole = 'text';
  }
  const view = doc.defaultView;
  return {
    keyId: det.keyId !== null,
    secret: det.secret !== null,
    focused: focusedRole,
    url: view?.location.href ?? doc.URL,
    origin: originOf(doc),
    isTop: view ? view.top === view : true,
  };
}
