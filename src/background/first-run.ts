/**
 * After a fresh install the options page opens by itself (the vault passphrase and the first account are set
 * there), in Chrome and in Firefox alike. Not on updates: a person who already set it up keeps their tabs.
 */
export interface FirstRunDeps {
  openOptionsPage(): Promise<void>;
  /** A plain new tab: the fallback when the browser refuses openOptionsPage (e.g. no window to open it in yet). */
  openTab(url: string): Promise<unknown>;
  optionsUrl: string;
}

export async function onInstalled(details: { reason: string }, deps: FirstRunDeps): Promise<void> {
  if (details.reason !== 'install') return;
  try {
    await deps.openOptionsPage();
  } catch {
    await deps.openTab(deps.optionsUrl).catch(() => undefined);
  }
}
