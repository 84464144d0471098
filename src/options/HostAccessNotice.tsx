import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';

/** Mirrors manifest.json's host_permissions. */
const B2_ORIGINS = ['https://api.backblazeb2.com/*', 'https://*.backblazeb2.com/*'];

/**
 * Firefox lets people withhold or revoke MV3 host permissions (and does not grant them to temporary
 * installs). Without them B2's API, which sends no CORS headers, is unreachable and every call would
 * fail as a network error; say so plainly and offer the one click that fixes it.
 */
export function HostAccessNotice() {
  const [granted, setGranted] = useState<boolean | null>(null);

  useEffect(() => {
    const check = () => void browser.permissions.contains({ origins: B2_ORIGINS }).then(setGranted, () => setGranted(null));
    check();
    browser.permissions.onAdded.addListener(check);
    browser.permissions.onRemoved.addListener(check);
    return () => {
      browser.permissions.onAdded.removeListener(check);
      browser.permissions.onRemoved.removeListener(check);
    };
  }, []);

  if (granted !== false) return null;
  return (
    <div class="banner warning" role="alert">
      <p>
        B2 Key Manager is not allowed to reach <strong>backblazeb2.com</strong>, so it cannot talk to the B2 API. Allow it to use your Backblaze
        account (a local emulator on 127.0.0.1 works without this).
      </p>
      <button
        type="button"
        onClick={() => {
          // Called straight from the click: browsers only show a permission prompt for a user gesture.
          void browser.permissions.request({ origins: B2_ORIGINS }).then(setGranted, () => undefined);
        }}
      >
        Allow access to backblazeb2.com
      </button>
    </div>
  );
}
