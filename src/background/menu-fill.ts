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
      // Asked again: the frame is another origin than the one the person said yes to (it navigated while the
      // dialog was open). Nothing was filled, and that is said, not shown as a success.
      if (outcome.status === 'confirm') {
        await showBadge(request.tabId, 'The frame changed before it could be filled; nothing was filled. Try again.');
        return;
      }
    }
    await showBadge(request.tabId, outcome.status === 'notFound' || outcome.status === 'partial' ? outcome.message : null);
  } catch (e) {
    await showBadge(request.tabId, e instanceof Error ? e.message : 'Filling failed.');
  }
}

/**
 * A problem: "!" and the sentence on this tab. Otherwise the tab's own values are dropped, so it shows the global
 * badge and title again (the count of keys about to expire): '' would hide them on this tab. Both browsers take
 * null for the badge text; Chromium 156 refuses it for the title ("Missing required property 'title'", checked in
 * the browser), so there the global title is copied to the tab: current until the count changes on that tab.
 */
async function showBadge(tabId: number, problem: string | null): Promise<void> {
  const action = browser.action as unknown as {
    setBadgeText(d: { tabId: number; text: string | null }): Promise<void>;
    setTitle(d: { tabId: number; title: string | null }): Promise<void>;
    getTitle(d: Record<string, never>): Promise<string>;
  };
  if (problem) {
    await action.setBadgeText({ tabId, text: '!' }).catch(() => undefined);
    await action.setTitle({ tabId, title: `B2 Key Manager: ${problem}` }).catch(() => undefined);
    return;
  }
  await action.setBadgeText({ tabId, text: null }).catch(() => undefined);
  try {
    await action.setTitle({ tabId, title: null });
  } catch {
    await action
      .getTitle({})
      .then((title) => action.setTitle({ tabId, title }))
      .catch(() => undefined);
  }
}
