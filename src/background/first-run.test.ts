import { describe, expect, it } from 'vitest';
import { onInstalled } from './first-run';

function deps(openOptions: () => Promise<void>) {
  const calls: string[] = [];
  return {
    calls,
    deps: {
      openOptionsPage: async () => {
        calls.push('options');
        await openOptions();
      },
      openTab: async (url: string) => calls.push(`tab ${url}`),
      optionsUrl: 'ext://id/src/options/index.html',
    },
  };
}

describe('first run', () => {
  it('opens the options page on install only', async () => {
    for (const reason of ['update', 'browser_update', 'chrome_update', 'shared_module_update']) {
      const d = deps(async () => undefined);
      await onInstalled({ reason }, d.deps);
      expect(d.calls, reason).toEqual([]);
    }
    const d = deps(async () => undefined);
    await onInstalled({ reason: 'install' }, d.deps);
    expect(d.calls).toEqual(['options']);
  });

  it('falls back to a plain tab when the browser refuses openOptionsPage', async () => {
    const d = deps(async () => {
      throw new Error('No browser window');
    });
    await onInstalled({ reason: 'install' }, d.deps);
    expect(d.calls).toEqual(['options', 'tab ext://id/src/options/index.html']);
  });
});
