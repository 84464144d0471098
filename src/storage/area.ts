/** The subset of browser.storage.StorageArea we use, so storage logic can run on an in-memory area in Node. */
export interface StorageAreaLike {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
  clear?(): Promise<void>;
}

/** An in-memory area that stores JSON copies, like the real one does (no shared references leak out). */
export class MemoryArea implements StorageAreaLike {
  readonly data = new Map<string, string>();

  async get(keys?: string | string[] | null): Promise<Record<string, unknown>> {
    const wanted = keys == null ? [...this.data.keys()] : Array.isArray(keys) ? keys : [keys];
    const out: Record<string, unknown> = {};
    for (const k of wanted) {
      const v = this.data.get(k);
      if (v !== undefined) out[k] = JSON.parse(v);
    }
    return out;
  }

  async set(items: Record<string, unknown>): Promise<void> {
    for (const [k, v] of Object.entries(items)) this.data.set(k, JSON.stringify(v));
  }

  async remove(keys: string | string[]): Promise<void> {
    for (const k of Array.isArray(keys) ? keys : [keys]) this.data.delete(k);
  }

  async clear(): Promise<void> {
    this.data.clear();
  }
}
