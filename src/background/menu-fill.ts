/** A fill asked for outside the popup (the context menu, the keyboard command), with its outcome on the toolbar badge. */
import browser from 'webextension-polyfill';
import type { Context } from './context';
import { fillKey } from './fill-methods';

/**
 * The menu has no popup to ask in, so a confirmation is a dialog in the page's top frame (run in our
 * isolated world, where the page cannot replace `confirm`). The browser titles that dialog with the page's
 * origin, so the text says whose question it is; it is the background's own sentence (fill-plan.ts), never
 * page text. The outcome is shown on the toolbar badge.
 */
export async function fillWithConfirmation(ctx: Context, request: Parameters<typeof fillKey>[1] & { tabId: number }): Promise<void> {
  try {
    let outcome = await fillKey(ctx, request);
    if (outcome.status === 'confirm') {
      const [answer] = await browser.scripting.executeScript({ target: { tabId: request.tabId, frameIds: [0] }, func: (message: string) => confirm(message), args: [`B2 Key Manager asks: ${outcome.message}`] });
      if (answer?.result !== true) return;
      outcome = await fillKey(ctx, { ...request, confirmedOrigin: outcome.frameOrigin });
    }
    await showBadge(request.tabId, outcome.status === 'notFound' || outcome.status === 'partial' ? outcome.message : null);
  } catch (e) {
    await showBadge(request.tabId, e instanceof Error ? e.message : 'Filling failed.');
  }
}

async function showBadge(tabId: number, problem: string | null): Promise<void> {
  await browser.action.setBadgeText({ tabId, text: problem ? '!' : '' }).catch(() => undefined);
  await browser.action.setTitle({ tabId, title: problem ? `B2 Key Manager: ${problem}` : 'B2 Key Manager' }).catch(() => undefined);
}
