/** Helpers for the popup's and options page's tests (never imported by the extension itself). */
import { render } from 'preact';
import { afterEach, beforeEach } from 'vitest';
import type { KeyView } from '../rpc/protocol';

/** A key with nothing special about it, `extra` laid over. */
export const testKeyView = (extra: Partial<KeyView> = {}): KeyView => ({
  accountId: 'a',
  applicationKeyId: 'id',
  keyName: 'k',
  capabilities: [],
  bucketIds: null,
  namePrefix: null,
  expirationTimestamp: null,
  options: [],
  hasSecret: false,
  lost: false,
  ...extra,
});

/** A fresh element in the document for each test to render into; unmounted and removed after it. */
export function testRoot(): () => HTMLElement {
  let root: HTMLElement | null = null;
  beforeEach(() => {
    root = document.createElement('div');
    document.body.append(root);
  });
  afterEach(() => {
    if (root) render(null, root);
    root?.remove();
    root = null;
  });
  return () => {
    if (!root) throw new Error('testRoot() is used outside a test');
    return root;
  };
}

/** localStorage as the drafts use it (create-draft.ts, rotate-draft.ts), with a switch to refuse writes as a full one does. */
export class MemoryStorage {
  items = new Map<string, string>();
  refuse = false;
  getItem(k: string): string | null {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    if (this.refuse) throw new DOMException('full', 'QuotaExceededError');
    this.items.set(k, v);
  }
  removeItem(k: string): void {
    this.items.delete(k);
  }
}
