/**
 * The master application key, said plainly (issue 10): B2's API cannot make or regenerate it, only the B2 web
 * console can, and regenerating it ends the old one, also for this extension.
 */

/** The B2 web console's Application Keys ("App Keys") page; opens in a new tab from the extension's pages. */
export const B2_APP_KEYS_URL = 'https://secure.backblaze.com/app_keys.htm';

export function MasterKeyNote({ testId = 'master-key-note' }: { testId?: string }) {
  return (
    <p class="hint" data-testid={testId}>
      No API can create or regenerate the master application key: only the B2 web console can, on its{' '}
      <a href={B2_APP_KEYS_URL} target="_blank" rel="noopener noreferrer">
        App Keys page
      </a>
      . Regenerating it ends the old master key at once: everything that used it stops working, B2 Key Manager too, so add the account here again with the
      new master key.
    </p>
  );
}
