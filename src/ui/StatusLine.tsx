import type { Status } from '../rpc/protocol';

/** The extension's name, version, browser and vault state: the first thing to quote in a bug report. */
export function StatusLine({ status }: { status: Status }) {
  return (
    <p class="status-line" data-testid="background-status">
      {status.name} {status.version} ({status.browser}), vault {status.vault}.
    </p>
  );
}

export function ReadOnlyBanner({ status }: { status: Status }) {
  if (!status.readOnly) return null;
  return (
    <p class="banner warning" role="alert">
      {status.readOnlyReason ?? 'The stored data is newer than this version of the extension, so nothing can be changed. Update the extension.'}
    </p>
  );
}
