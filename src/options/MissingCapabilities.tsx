import type { AccountView } from '../rpc/protocol';

const WHAT: Record<string, string> = {
  listKeys: 'list keys',
  writeKeys: 'create keys',
  deleteKeys: 'delete keys',
  listBuckets: 'show bucket names and pick buckets',
};

/** Warns when the managing key cannot do everything the extension offers, and says what will not work. */
export function MissingCapabilities({ account }: { account: AccountView }) {
  if (account.missingCapabilities.length === 0) return null;
  return (
    <div class="banner warning" role="note" data-testid="missing-capabilities">
      <p>
        The key this account is managed with lacks{' '}
        {account.missingCapabilities.map((c, i) => (
          <span key={c}>
            {i > 0 ? (i === account.missingCapabilities.length - 1 ? ' and ' : ', ') : ''}
            <code>{c}</code>
          </span>
        ))}
        , so the extension cannot {account.missingCapabilities.map((c) => WHAT[c] ?? `use ${c}`).join(', ')}.
      </p>
      <p>Add the account again with the master application key, or with a key that has these capabilities.</p>
    </div>
  );
}
