/**
 * An in-memory storage.session for Node tests that remembers every data key and auth token ever written to
 * it, so the afterEach storage scan includes them even when the test ends locked (which removes them).
 */
import { MemoryArea } from '../../src/storage';
import { sessionSecrets } from './secrets-scan';

export class RecordingArea extends MemoryArea {
  private readonly values = new Map<string, string>();

  override async set(items: Record<string, unknown>): Promise<void> {
    await super.set(items);
    for (const [label, value] of Object.entries(sessionSecrets(await this.get(['dataKey', 'tokens']), false))) {
      if (!this.values.has(value)) this.values.set(value, `${label} (#${this.values.size + 1})`);
    }
  }

  /** Every data key and token this area has held, labelled for findSecrets. */
  get seen(): Record<string, string> {
    return Object.fromEntries([...this.values].map(([value, label]) => [label, value]));
  }
}
