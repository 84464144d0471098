/**
 * Pure decision for "Fill on this page": given what each frame of the tab offers (probed without any
 * value leaving the extension), which frame gets the value, and whether the person must confirm first.
 */
import { frameNeedsConfirmation, secretNeedsWarning } from '../autofill/policy';
import type { FillTarget, ProbeResult } from '../autofill/types';

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

function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
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
  // A sandboxed frame has the opaque origin "null": whatever its URL says, treat it as foreign, and never let
  // an earlier yes cover it (every sandboxed frame shares that origin).
  const opaque = chosen.origin === 'null' || top?.origin === 'null';
  if (opts.confirmedOrigin !== chosen.origin || opaque) {
    // Both questions in one, so a yes to one can never skip the other.
    const reasons: string[] = [];
    let reason: 'crossOriginFrame' | 'insecurePage' | null = null;
    // Without the top frame's probe there is nothing to compare with: ask rather than assume.
    const foreign = chosen.frameId !== 0 && (!top || opaque || chosen.origin !== top.origin || frameNeedsConfirmation(top.url, chosen.url));
    if (foreign) {
      reason = 'crossOriginFrame';
      const shown = chosen.origin !== 'null' ? hostOf(chosen.origin) : `${hostOf(chosen.url)} (sandboxed)`;
      reasons.push(`The field is inside a frame from ${shown}${top ? `, not from ${hostOf(top.url)}` : ''}.`);
    }
    if (what !== 'keyId' && secretNeedsWarning(chosen.url)) {
      reason ??= 'insecurePage';
      reasons.push(`${hostOf(chosen.url)} is not using https, so the applicationKey could be read on its way.`);
    }
    if (reason) {
      const trust = chosen.origin !== 'null' ? hostOf(chosen.origin) : 'that frame';
      return { kind: 'confirm', reason, frameId: chosen.frameId, origin: chosen.origin, url: chosen.url, message: `${reasons.join(' ')} Fill it only if you trust ${trust}.` };
    }
  }
  return { kind: 'fill', frameId: chosen.frameId, origin: chosen.origin, url: chosen.url, target: opts.target ?? what };
}
