/** Sends an RPC envelope from inside a Firefox extension page (puppeteer), exactly as the pages' client does. */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll } from 'vitest';
import type { MethodName, RequestOf } from '../../src/rpc/protocol';
import { startEmulator, type RunningEmulator } from '../b2-emulator/server';
import { distDir, launchFirefox, type FirefoxExtension } from './browsers';

export type AnyReply = { ok: true; value: Record<string, unknown> } | { ok: false; error: { code: string; message: string } };

export function firefoxRpc(page: () => Page) {
  async function rpc<M extends MethodName>(method: M, params: RequestOf<M>): Promise<AnyReply> {
    return page().evaluate(
      (m, p) => (globalThis as unknown as { browser: { runtime: { sendMessage(x: unknown): Promise<unknown> } } }).browser.runtime.sendMessage({ b2km: 1, method: m, params: p }),
      method,
      params as never,
    ) as Promise<AnyReply>;
  }
  async function ok<M extends MethodName>(method: M, params: RequestOf<M>): Promise<Record<string, unknown>> {
    const reply = await rpc(method, params);
    if (!reply.ok) throw new Error(`${method}: ${reply.error.code} ${reply.error.message}`);
    return reply.value;
  }
  return { rpc, ok };
}

/**
 * The usual Firefox suite: an emulator, Firefox ESR with the built extension, and its options page open to
 * send RPCs from. Registers the hooks; the getters are valid inside tests.
 */
export function firefoxSuite() {
  let emu: RunningEmulator;
  let ext: FirefoxExtension;
  let page: Page;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
    ext = await launchFirefox(distDir('firefox'));
    page = await ext.open('src/options/index.html', `document.querySelector('[data-testid="background-status"]') !== null`);
  });
  afterAll(async () => {
    await ext?.close();
    await emu?.close();
  });
  return { emu: () => emu, ext: () => ext, page: () => page, ...firefoxRpc(() => page) };
}
