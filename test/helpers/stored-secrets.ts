/** What a Chromium test's extension has stored, scanned for known secrets (the end-of-suite check of several e2e files). */
import { currentWorker, type ChromiumExtension } from './browsers';
import { findSecrets, sessionSecrets, type Leak } from './secrets-scan';

/**
 * Scans storage.local and storage.sync for `secrets`, and for the unlocked data key and tokens too when the vault
 * is still unlocked (a locked session holds neither). Returns the leaks found: a test expects none.
 */
export async function storedSecrets(ext: ChromiumExtension, secrets: Record<string, string>): Promise<Leak[]> {
  const worker = await currentWorker(ext);
  const dump = await worker.evaluate(async () => ({ local: await chrome.storage.local.get(null), sync: await chrome.storage.sync.get(null) }));
  const session = await worker.evaluate(async () => chrome.storage.session.get(null));
  return findSecrets(dump, { ...sessionSecrets(session, false), ...secrets });
}
