/**
 * Browser side of autofill: injects the page script on demand (activeTab, or the test build's loopback
 * permission), probes the frames without sending any value, applies the fill plan, and only then hands
 * the one requested value to the one chosen frame.
 */
import browser from 'webextension-polyfill';
import { callFill, callProbe } from '../autofill/inject-call';
import type { FillFailureReason, FillResult, FillTarget, UnplacedRole } from '../autofill/types';
import { RpcError } from '../rpc/errors';
import { planFill, unplacedRoles, type FillWhat, type FrameProbe } from './fill-plan';

/** The bundled page script (emitted by vite.config.ts from src/autofill/inject.ts). */
export const AUTOFILL_FILE = 'autofill.js';

export type FillOutcome =
  | { status: 'filled'; filled: ('keyId' | 'secret')[]; frameUrl: string; frameOrigin?: string; unplaced?: UnplacedRole[]; pageTitle?: string }
  | { status: 'confirm'; reason: 'crossOriginFrame' | 'insecurePage'; message: string; frameUrl: string; frameOrigin: string }
  | { status: 'notFound'; message: string };

export interface FillRequest {
  tabId?: number;
  frameId?: number;
  what: FillWhat;
  target?: FillTarget;
  confirmedOrigin?: string;
  /** Called only once the plan says to fill, so a secret is decrypted only when it will be used. */
  values: () => Promise<{ keyId?: string; secret?: string }>;
}

const WHAT_NAME: Record<FillWhat, string> = { keyId: 'keyID', secret: 'applicationKey', both: 'keyID or applicationKey' };

/** The sentence for a page-side failure, chosen by its reason code alone. */
export function failureSentence(reason: unknown, what: FillWhat): string {
  switch (reason as FillFailureReason) {
    case 'NO_FIELD':
      return `No ${WHAT_NAME[what] ?? 'fitting'} field was found on this page. Click into the field and try again.`;
    case 'NO_FOCUSED_FIELD':
      return 'No text field has the focus. Click into the field you want to fill and try again.';
    case 'HIDDEN_FIELD':
      return 'The field cannot be seen on the page (it is hidden, covered or off-screen), so nothing was filled.';
    case 'REJECTED':
      return 'The page did not accept the value (the field changed it back). Paste it by hand instead.';
    case 'ORIGIN_CHANGED':
      return 'The page changed before it could be filled. Nothing was filled; try again.';
    case 'NO_VALUE':
      return 'There was nothing to fill: no keyID or applicationKey was given.';
    default:
      return 'The page could not be filled. Reload it and try again.';
  }
}

export interface PageFiller {
  fill(req: FillRequest): Promise<FillOutcome>;
}

async function targetTab(tabId: number | undefined): Promise<number> {
  if (tabId !== undefined) return tabId;
  // From the popup: the tab the person was looking at when they opened it.
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  if (tab?.id === undefined) throw new RpcError('NOT_FOUND', 'There is no page to fill. Open the page with the form, then try again.');
  return tab.id;
}

export function browserPageFiller(): PageFiller {
  return {
    async fill(req) {
      const tabId = await targetTab(req.tabId);
      const target = req.frameId !== undefined ? { tabId, frameIds: [req.frameId] } : { tabId, allFrames: true };
      const topTarget = { tabId, frameIds: [0] };
      try {
        await browser.scripting.executeScript({ target, files: [AUTOFILL_FILE] });
        // The top frame is always probed too: it decides whether the chosen frame is cross-origin.
        if (req.frameId !== undefined && req.frameId !== 0) await browser.scripting.executeScript({ target: topTarget, files: [AUTOFILL_FILE] });
      } catch {
        throw new RpcError('FORBIDDEN', 'This page cannot be filled: the browser does not let extensions into it (for example its own pages or the web store), or the page was closed.');
      }
      const probeTargets = req.frameId !== undefined && req.frameId !== 0 ? [topTarget, target] : [target];
      const probes: FrameProbe[] = [];
      // Past the injection, a call the browser refuses means the page went away or navigated (Chrome takes the
      // activeTab grant back on a cross-origin navigation): the script did not run, so nothing was filled.
      const changed: FillOutcome = { status: 'notFound', message: failureSentence('ORIGIN_CHANGED', req.what) };
      try {
        for (const t of probeTargets) {
          const results = await browser.scripting.executeScript({ target: t, func: callProbe });
          for (const r of results) if (r.result) probes.push({ ...(r.result as FrameProbe), frameId: r.frameId });
        }
      } catch {
        return changed;
      }
      const plan = planFill(probes, req.what, { confirmedOrigin: req.confirmedOrigin, frameId: req.frameId, target: req.target });
      if (plan.kind === 'notFound') return { status: 'notFound', message: plan.message };
      if (plan.kind === 'confirm') return { status: 'confirm', reason: plan.reason, message: plan.message, frameUrl: plan.url, frameOrigin: plan.origin };
      const values = await req.values();
      let res: Awaited<ReturnType<typeof browser.scripting.executeScript>>[number] | undefined;
      try {
        [res] = await browser.scripting.executeScript({
          target: { tabId, frameIds: [plan.frameId] },
          func: callFill,
          // expectedOrigin: if the frame navigated since the probe, nothing is filled.
          args: [{ ...values, target: plan.target, expectedOrigin: plan.origin }],
        });
      } catch {
        return changed;
      }
      const result = res?.result as FillResult | undefined;
      if (!result) return { status: 'notFound', message: 'The page did not answer. Reload it and try again.' };
      // Our own sentence for the reason, not the frame's text: whatever answers from the page is not trusted.
      if (!result.ok) return { status: 'notFound', message: failureSentence(result.reason, req.what) };
      const filled = result.filled.filter((f) => f === 'keyId' || f === 'secret');
      const unplaced = unplacedRoles(result.unplaced, req.what, filled);
      // Issue 13: the tab's title, only for the encrypted where-used record (never shown in a sentence about the fill).
      const pageTitle = filled.length ? await browser.tabs.get(tabId).then((t) => t.title, () => undefined) : undefined;
      return { status: 'filled', filled, frameUrl: plan.url, frameOrigin: plan.origin, ...(unplaced.length ? { unplaced } : {}), ...(pageTitle ? { pageTitle } : {}) };
    },
  };
}
