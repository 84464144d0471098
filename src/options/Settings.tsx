import { useCallback, useEffect, useId, useRef, useState } from 'preact/hooks';
import { DEFAULT_ENDPOINT } from '../b2/limits';
import { checkEndpoint } from '../common/endpoint';
import { rpc } from '../rpc/client';
import type { Settings as SettingsData } from '../rpc/protocol';
import { fieldsOf, messageOf } from '../ui/errors';
import { ErrorText, Field, TextField } from '../ui/Field';
import { autoLockOptions, autoLockValue, parseAutoLock } from './autoLock';
import { clearChoices, clearChoiceValue, parseClearChoice } from '../common/choices';
import { parseRefreshChoice, REFRESH_CHOICES, refreshChoiceValue } from '../common/refresh-choices';
import { useOnVisible } from '../ui/useOnVisible';
import { useReadsAfterSaves } from '../ui/useReadsAfterSaves';

/** Auto-lock, lock on screen lock, and (advanced) the API endpoint for new accounts. Each saves on its own. */
export function Settings({ onAutoLockChanged }: { onAutoLockChanged?: () => void } = {}) {
  const [settings, setSettings] = useState<SettingsData | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saved, setSaved] = useState('');
  const [lockError, setLockError] = useState<string | null>(null);
  const [endpoint, setEndpoint] = useState('');
  const [endpointError, setEndpointError] = useState<string | null>(null);
  const [endpointBusy, setEndpointBusy] = useState(false);
  const uid = useId();

  /** What the page shows now, for a read that lands later: an endpoint typed and not saved is kept. */
  const shown = useRef({ settings, endpoint });
  shown.current = { settings, endpoint };
  const saves = useReadsAfterSaves();

  const load = useCallback(() => {
    saves.read(
      () => rpc('getSettings', {}),
      (s) => {
        const { settings: before, endpoint: typed } = shown.current;
        setLoadError(null);
        setSettings(s);
        if (before === null || typed === before.endpoint) setEndpoint(s.endpoint);
      },
      (e: unknown) => setLoadError(messageOf(e)),
    );
  }, [saves]);

  useEffect(load, [load]);

  // Another options tab may have changed a setting while this one was hidden: coming back shows what is in effect.
  useOnVisible(load);

  function setSettingsSaving(patch: Partial<SettingsData>): Promise<SettingsData> {
    return saves.save(() => rpc('setSettings', patch));
  }

  async function save(patch: Partial<SettingsData>, what: string): Promise<boolean> {
    setSaved('');
    // A sentence about an earlier failure must not stay next to a setting that has since saved.
    setLockError(null);
    try {
      setSettings(await setSettingsSaving(patch));
      setSaved(`${what} saved.`);
      return true;
    } catch (e) {
      setLockError(messageOf(e));
      return false;
    }
  }

  const check = checkEndpoint(endpoint);
  const liveEndpointError = endpointError ?? (check.ok ? null : check.message);

  async function saveEndpoint(e: Event) {
    e.preventDefault();
    setEndpointError(null);
    if (!check.ok) return;
    setEndpointBusy(true);
    setSaved('');
    try {
      const next = await setSettingsSaving({ endpoint: check.endpoint });
      setSettings(next);
      setEndpoint(next.endpoint);
      setSaved('API endpoint saved.');
    } catch (err) {
      setEndpointError(fieldsOf(err).endpoint ?? messageOf(err));
    } finally {
      setEndpointBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="settings-h" data-testid="settings">
      <h2 id="settings-h">Settings</h2>
      <ErrorText>{loadError}</ErrorText>
      {settings && (
        <>
          <Field label="Lock the vault" hint="Locking forgets the unlocked key; the key list stays visible.">
            {({ id, describedBy }) => (
              <select
                id={id}
                aria-describedby={describedBy}
                value={autoLockValue(settings.autoLock)}
                onChange={(e) => {
                  const autoLock = parseAutoLock(e.currentTarget.value);
                  // The vault card's "locks itself at" time depends on this: it must not keep the old one.
                  if (autoLock) void save({ autoLock }, 'Auto-lock').then((ok) => ok && onAutoLockChanged?.());
                }}
                data-testid="auto-lock"
              >
                {autoLockOptions(settings.autoLock).map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div class="check standalone">
            <input
              type="checkbox"
              id={`${uid}-screen`}
              checked={settings.lockOnScreenLock}
              onChange={(e) => void save({ lockOnScreenLock: e.currentTarget.checked }, 'Screen-lock setting')}
              data-testid="lock-on-screen-lock"
            />
            <label for={`${uid}-screen`}>Also lock when the computer’s screen locks</label>
          </div>
          {__B2KM_BROWSER__ === 'firefox' && (
            // Firefox's idle API never reports a locked screen, so only the timer above applies there.
            <p class="hint">Firefox does not tell extensions when the screen locks; the time limit above still applies.</p>
          )}
          <Field
            label="Clear a copied applicationKey from the clipboard"
            hint="Only if the clipboard still holds it: anything you copied since is left alone. It is also cleared when the vault locks."
          >
            {({ id, describedBy }) => (
              <select
                id={id}
                aria-describedby={describedBy}
                value={clearChoiceValue(settings.clipboardClearSeconds)}
                onChange={(e) => {
                  const clipboardClearSeconds = parseClearChoice(e.currentTarget.value);
                  if (clipboardClearSeconds !== undefined) void save({ clipboardClearSeconds }, 'Clipboard setting');
                }}
                data-testid="clipboard-clear"
              >
                {clearChoices(settings.clipboardClearSeconds).map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label="Refresh the key list from B2 when the popup opens"
            hint="The popup always shows the saved list at once. Every refresh is billed by Backblaze as list calls (one per 10,000 keys)."
          >
            {({ id, describedBy }) => (
              <select
                id={id}
                aria-describedby={describedBy}
                value={refreshChoiceValue(settings.refreshAfterMinutes)}
                onChange={(e) => {
                  const refreshAfterMinutes = parseRefreshChoice(e.currentTarget.value);
                  if (refreshAfterMinutes !== undefined) void save({ refreshAfterMinutes }, 'Refresh setting');
                }}
                data-testid="refresh-after"
              >
                {REFRESH_CHOICES.map((c) => (
                  <option key={String(c.minutes)} value={refreshChoiceValue(c.minutes)}>
                    {c.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label="Warn about keys that expire within"
            hint="Counted in the toolbar badge (with keys that have expired) and shown by the popup’s “Expiring soon” filter."
          >
            {({ id, describedBy }) => (
              <select
                id={id}
                aria-describedby={describedBy}
                value={String(settings.expiryWarningDays ?? 7)}
                onChange={(e) => void save({ expiryWarningDays: Number(e.currentTarget.value) }, 'Expiry warning')}
                data-testid="expiry-warning-days"
              >
                {[1, 3, 7, 14, 30, 60, 90].map((d) => (
                  <option key={d} value={String(d)}>
                    {d === 1 ? '1 day' : `${d} days`}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <ErrorText>{lockError}</ErrorText>
          <details class="advanced">
            <summary>Advanced: API endpoint</summary>
            <form onSubmit={saveEndpoint} noValidate>
              <TextField
                label="API endpoint for new accounts"
                type="url"
                value={endpoint}
                onValue={(v) => (setEndpoint(v), setEndpointError(null))}
                error={liveEndpointError}
                hint={`Backblaze B2 is ${DEFAULT_ENDPOINT}. http is allowed only on this computer (127.0.0.1, localhost), for a local emulator. Accounts already added keep their own endpoint.`}
                mono
                testId="settings-endpoint"
              />
              <div class="actions">
                <button type="submit" class="secondary" disabled={endpointBusy || !check.ok || (check.ok && check.endpoint === settings.endpoint)} data-testid="save-endpoint">
                  Save endpoint
                </button>
                {settings.endpoint !== DEFAULT_ENDPOINT && (
                  <button type="button" class="link" onClick={() => (setEndpoint(DEFAULT_ENDPOINT), setEndpointError(null))}>
                    Use Backblaze’s default
                  </button>
                )}
              </div>
            </form>
          </details>
        </>
      )}
      <p class="ok-text" role="status" data-testid="settings-saved">
        {saved}
      </p>
    </section>
  );
}
