/**
 * Pure decision for "Fill on this page": given what each frame of the tab offers (probed without any
 * value leaving the extension), which frame gets the value, and whether the person must confirm first.
 */
import { frameNeedsConfirmation, framePlace, secretNeedsWarning } from '../autofill/policy';
import type { CredentialRole, FillTarget, ProbeResult, UnplacedRole } from '../autofill/types';

export type FillWhat = 'keyId' | 'secret' | 'both';
export interface FrameProbe extends ProbeResult {
  frameId: number;
}

export type FillPlan =
  | { kind: 'fill'; frameId: number; origin: string; url: string; target: FillTarget }
  | { kind: 'confirm'; reason: 'crossOriginFrame' | 'insecurePage'; frameId: number; origin: string; url: string; message: string }
  | { kind: 'notFound'; message: string };

const NOT_FOUND = 'No keyID or applicationKey field was found on this page. Click into the field, then use “Fill B2 keyID” from the right-click menu.';

function offers(p: FrameProbe, what: FillWhat): boolean {
  if (what === 'keyId') return p.keyId || p.focused === 'keyId';
  if (what === 'secret') return p.secret || p.focused === 'secret';
  return p.keyId || p.secret;
}

/**
 * The question put to the person. Our own words: frames are named by origin only or described (framePlace),
 * so nothing the page chose (URL path, query, data: body, title) can reach it, and a page cannot write
 * "Backblaze verified this frame" into it.
 */
export function confirmSentence(frame: { origin: string; url: string }, top: { origin: string; url: string } | undefined, parts: { foreign: boolean; insecure: boolean }): string {
  const place = framePlace(frame.origin, frame.url);
  const topOrigin = top ? framePlace(top.origin, top.url).origin : null;
  const sentences: string[] = [];
  if (parts.foreign) {
    const around = !top ? ', and the page around it could not be checked' : topOrigin ? `, not from ${topOrigin}` : ', not from the page you are on';
    sentences.push(`The field is inside ${place.phrase}${around}.`);
  }
  if (parts.insecure) {
    // Only a plain http page "does not use https"; a data:, blob: or about: document has no address to speak of.
    if (/^http:/i.test(frame.url.trim())) sentences.push(`${place.origin ?? 'That frame'} does not use https, so the applicationKey could be read on its way.`);
    else sentences.push(`${frame === top ? 'This page' : 'That frame'} has no https address of its own.`);
  }
  sentences.push(`Fill it only if you trust ${place.origin ?? 'that frame'}.`);
  return sentences.join(' ');
}

/** "Filled the keyID and applicationKey on https://host." in our words (see confirmSentence). */
export function filledSentence(filled: readonly ('keyId' | 'secret')[], frame: { origin: string; url: string }): string {
  const parts = filled.map((f) => (f === 'keyId' ? 'keyID' : 'applicationKey')).join(' and ');
  const place = framePlace(frame.origin, frame.url);
  return `Filled the ${parts} ${place.origin ? `on ${place.origin}` : `in ${place.phrase}`}.`;
}

const UNPLACED_REASONS = new Set(['NO_FIELD', 'HIDDEN_FIELD', 'REJECTED']);

/**
 * What was asked for and did not go in. The page's answer is not trusted to be complete or well formed:
 * every asked role that is not among the filled ones counts as unplaced, with the page's reason only when
 * it is one we know.
 */
export function unplacedRoles(reported: unknown, what: FillWhat, filled: readonly CredentialRole[]): UnplacedRole[] {
  const asked: CredentialRole[] = what === 'both' ? ['keyId', 'secret'] : [what];
  const list = Array.isArray(reported) ? (reported as unknown[]) : [];
  return asked
    .filter((role) => !filled.includes(role))
    .map((role) => {
      const entry = list.find((u): u is UnplacedRole => typeof u === 'object' && u !== null && (u as UnplacedRole).role === role);
      const reason = entry && UNPLACED_REASONS.has(entry.reason) ? entry.reason : 'NO_FIELD';
      return { role, reason };
    });
}

const ROLE_NAME = { keyId: 'keyID', secret: 'applicationKey' } as const;

/**
 * A fill of one of two values: what went in, where, and what did not and why, in one sentence
 * ("Filled the applicationKey on https://host; no keyID field was found on this page.").
 */
export function partialSentence(
  filled: readonly ('keyId' | 'secret')[],
  unplaced: readonly { role: 'keyId' | 'secret'; reason: 'NO_FIELD' | 'HIDDEN_FIELD' | 'REJECTED' }[],
  frame: { origin: string; url: string },
): string {
  const done = filledSentence(filled, frame).replace(/\.$/, '');
  const missing = unplaced.map(({ role, reason }) => {
    const name = ROLE_NAME[role];
    if (reason === 'HIDDEN_FIELD') return `the ${name} field cannot be seen (hidden, covered or off-screen), so it was left empty`;
    if (reason === 'REJECTED') return `the page did not accept the ${name} (the field changed it back)`;
    return `no ${name} field was found on this page`;
  });
  const roles = unplaced.map((u) => ROLE_NAME[u.role]).join(' and ');
  return `${done}; ${missing.join('; ')}. Copy the ${roles} from the key's details and paste it by hand, or click into its field and use “Fill B2 ${roles}” from the right-click menu.`;
}

/** Why a sandboxed page or frame is not filled, and what to do instead; the frame described, never quoted (framePlace). */
export function sandboxedSentence(frame: { frameId: number; origin: string; url: string }, what: FillWhat): string {
  const values = what === 'both' ? 'keyID and applicationKey' : ROLE_NAME[what];
  const where = frame.frameId === 0 ? 'This page is sandboxed' : `The field is inside ${framePlace(frame.origin, frame.url).phrase}`;
  return `${where}: the browser gives it no origin of its own, so the extension cannot make sure that only it receives the ${values}. Nothing was filled. Copy the ${values} from the key's details and paste ${what === 'both' ? 'them' : 'it'} by hand.`;
}

/**
 * `confirmedOrigin` is the person's yes to a previous 'confirm' plan: it covers that frame origin only, so a
 * frame that navigated or was swapped since gets asked about again. `frameId` pins the frame (the
 * right-clicked one); otherwise the top frame wins when it has a fitting field.
 */
export function planFill(probes: FrameProbe[], what: FillWhat, opts: { confirmedOrigin?: string; frameId?: number; target?: FillTarget } = {}): FillPlan {
  const top = probes.find((p) => p.frameId === 0);
  const candidates = opts.frameId !== undefined ? probes.filter((p) => p.frameId === opts.frameId) : [...probes].sort((a, b) => Number(b.frameId === 0) - Number(a.frameId === 0));
  // 'focused' (menu, keyboard command): the frame that holds the focused text field, whatever it looks like.
  const chosen = opts.target === 'focused' ? candidates.find((p) => p.focused !== null) : candidates.find((p) => offers(p, what));
  if (!chosen) return { kind: 'notFound', message: NOT_FOUND };
  // A sandboxed document has the opaque origin "null", which every sandboxed document shares: the fill's last
  // check (the frame still holds the origin the plan named, autofill/page-fill.ts) cannot tell it from any other,
  // so it never fills one. Said now, in place of a question whose yes could lead nowhere.
  if (chosen.origin === 'null') return { kind: 'notFound', message: sandboxedSentence(chosen, what) };
  if (opts.confirmedOrigin !== chosen.origin) {
    // Both questions in one, so a yes to one can never skip the other.
    // Without the top frame's probe there is nothing to compare with, nor under a sandboxed top page: ask rather than assume.
    const foreign = chosen.frameId !== 0 && (!top || top.origin === 'null' || chosen.origin !== top.origin || frameNeedsConfirmation(top.url, chosen.url));
    const insecure = what !== 'keyId' && secretNeedsWarning(chosen.url);
    if (foreign || insecure) {
      const reason = foreign ? 'crossOriginFrame' : 'insecurePage';
      return { kind: 'confirm', reason, frameId: chosen.frameId, origin: chosen.origin, url: chosen.url, message: confirmSentence(chosen, top, { foreign, insecure }) };
    }
  }
  return { kind: 'fill', frameId: chosen.frameId, origin: chosen.origin, url: chosen.url, target: opts.target ?? what };
}
