import { useId, useState } from 'preact/hooks';
import { rpc } from '../rpc/client';
import type { ReplyOf, Status } from '../rpc/protocol';
import { codeOf, messageOf } from '../ui/errors';
import { ErrorText, Field, TextField } from '../ui/Field';
import { MIN_PASSPHRASE_LENGTH } from '../vault/limits';
import { conflictsOutcome, importLabel } from './import-outcome';

type ImportReport = ReplyOf<'importBackup'>;

/** Export vault / Import backup, on the options page. */
export function BackupSection({ status, onImported }: { status: Status; onImported: () => void }) {
  const locked = status.vault !== 'unlocked';
  return (
    <section class="card" aria-labelledby="backup-h" data-testid="backup">
      <h2 id="backup-h">Backup</h2>
      <p>
        A backup file holds your accounts, their keys, every saved applicationKey and the notes about your keys, encrypted under a passphrase you
        choose. Keep it somewhere safe: with the passphrase, it restores everything here or in another browser.
      </p>
      {locked && (
        <p class="hint" data-testid="backup-locked">
          Unlock the vault above to export or import a backup.
        </p>
      )}
      {/* Kept while locked, only disabled: an auto-lock mid-form keeps what was typed, and an import under way still
          reports how it ended. */}
      <ExportBackup disabled={locked} />
      <ImportBackup disabled={locked || status.readOnly} onImported={onImported} />
    </section>
  );
}

function ExportBackup({ disabled }: { disabled: boolean }) {
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ passphrase?: string; confirm?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<ReplyOf<'exportBackup'> | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    setDone(null);
    const found = {
      ...([...passphrase].length < MIN_PASSPHRASE_LENGTH ? { passphrase: `Use at least ${MIN_PASSPHRASE_LENGTH} characters.` } : {}),
      ...(confirm !== passphrase ? { confirm: 'The two passphrases are not the same.' } : {}),
    };
    setErrors(found);
    if (found.passphrase || found.confirm) return;
    setBusy(true);
    try {
      const reply = await rpc('exportBackup', { passphrase });
      // The file's text is already encrypted: it is handed to the browser's download as it is.
      const url = URL.createObjectURL(new Blob([reply.contents], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = reply.fileName;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setPassphrase('');
      setConfirm('');
      setDone(reply);
    } catch (err) {
      if (codeOf(err) === 'WEAK_PASSPHRASE') setErrors({ passphrase: messageOf(err) });
      else setError(`The backup was not made. ${messageOf(err)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate class="narrow" data-testid="export-form">
      <h3>Export vault</h3>
      <TextField
        label="Backup passphrase"
        type="password"
        value={passphrase}
        onValue={(v) => (setPassphrase(v), setErrors({}))}
        error={errors.passphrase}
        hint="Your vault passphrase or another one. You will need it to import the file; nobody can recover it."
        autoComplete="new-password"
        testId="export-passphrase"
      />
      <TextField
        label="Confirm backup passphrase"
        type="password"
        value={confirm}
        onValue={(v) => (setConfirm(v), setErrors({}))}
        error={errors.confirm}
        autoComplete="new-password"
        testId="export-confirm"
      />
      <ErrorText>{error}</ErrorText>
      <div class="actions">
        <button type="submit" class="secondary" disabled={busy || disabled} data-testid="export-submit">
          {busy ? 'Encrypting…' : 'Export vault'}
        </button>
      </div>
      <div role="status" data-testid="export-done">
        {done && (
          <>
            {/* The page cannot know where the browser saved the file, or whether a save dialog was cancelled. */}
            <p class="ok-text">
              Download started: {done.fileName}, with {done.accounts} {done.accounts === 1 ? 'account' : 'accounts'} and {done.secrets} saved{' '}
              {done.secrets === 1 ? 'applicationKey' : 'applicationKeys'}. Check that your browser finished saving it: a cancelled download is no backup.
            </p>
            {done.skipped.length > 0 && (
              <ul class="hint">
                {done.skipped.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </form>
  );
}

/** Choosing a file, its passphrase, a look at what it would change, then the import. Also offered on first run. */
export function ImportBackup({ disabled, onImported }: { disabled: boolean; onImported: (report: ImportReport) => void }) {
  const uid = useId();
  const [contents, setContents] = useState<string | null>(null);
  const [fileName, setFileName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [errors, setErrors] = useState<{ file?: string; passphrase?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportReport | null>(null);
  const [result, setResult] = useState<ImportReport | null>(null);
  const [onConflict, setOnConflict] = useState<'keep' | 'replace'>('keep');
  const [busy, setBusy] = useState(false);

  async function pick(e: Event) {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    setPreview(null);
    setResult(null);
    setErrors({});
    setError(null);
    if (!file) return setContents(null);
    setFileName(file.name);
    try {
      setContents(await file.text());
    } catch {
      setContents(null);
      setErrors({ file: 'The file could not be read. Choose it again.' });
    }
  }

  async function run(apply: boolean) {
    setError(null);
    if (!contents) return setErrors({ file: 'Choose the backup file first.' });
    if (!passphrase) return setErrors({ passphrase: 'Type the passphrase the backup was made with.' });
    setBusy(true);
    try {
      // Pressing "I set … myself: import" is the yes to the endpoints the preview showed, and to those only.
      const confirmedEndpoints = preview?.customEndpoints.map((c) => c.endpoint) ?? [];
      const reply = await rpc('importBackup', { contents, passphrase, apply, ...(apply ? { onConflict, confirmedEndpoints } : {}) });
      if (apply) {
        setResult(reply);
        setPreview(null);
        setPassphrase('');
        onImported(reply);
      } else setPreview(reply);
    } catch (err) {
      const code = codeOf(err);
      if (code === 'WRONG_PASSPHRASE') setErrors({ passphrase: messageOf(err) });
      else if (code === 'BACKUP_DAMAGED') setErrors({ file: messageOf(err) });
      // A refused write may have landed in part, and a background that stopped may have finished: neither is "nothing".
      else if (code === 'WRITE_UNCERTAIN') setError(messageOf(err));
      else if (apply && code === 'NO_ANSWER') setError('The extension’s background stopped before it said whether the import was saved. Open the backup again: its preview compares the file with what is saved now.');
      else setError(`Nothing was imported. ${messageOf(err)}`);
      setPreview(null);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => (e.preventDefault(), void run(false))} noValidate class="narrow" data-testid="import-form">
      <h3>Import backup</h3>
      <p class="hint">Importing adds what is missing here. Nothing saved here is replaced unless you choose so below.</p>
      <Field label="Backup file" error={errors.file}>
        {({ id, describedBy, invalid }) => (
          <input id={id} type="file" accept=".json,application/json" onChange={pick} aria-invalid={invalid || undefined} aria-describedby={describedBy} data-testid="import-file" />
        )}
      </Field>
      <TextField
        label="Passphrase of the backup"
        type="password"
        value={passphrase}
        onValue={(v) => (setPassphrase(v), setErrors({}), setPreview(null))}
        error={errors.passphrase}
        autoComplete="off"
        testId="import-passphrase"
      />
      <ErrorText>{error}</ErrorText>
      {!preview && (
        <div class="actions">
          <button type="submit" class="secondary" disabled={busy || disabled} data-testid="import-check">
            {busy ? 'Opening…' : 'Open backup'}
          </button>
        </div>
      )}
      {preview && (
        <div class="import-preview" data-testid="import-preview">
          <p>
            {fileName}: {countsSentence(preview, false)}
          </p>
          {preview.conflicts.length > 0 && (
            <fieldset>
              <legend>
                {preview.conflicting} {preview.conflicting === 1 ? 'entry differs' : 'entries differ'} from what is saved here
              </legend>
              <ul class="conflicts" data-testid="import-conflicts">
                {preview.conflicts.map((c) => (
                  <li key={`${c.accountId}/${c.applicationKeyId}`}>
                    {c.kind === 'account' ? 'Account' : 'Key'} <strong>{c.keyName || c.applicationKeyId}</strong> (<code>{c.applicationKeyId}</code>): {c.reason}
                  </li>
                ))}
              </ul>
              <div class="check">
                <input type="radio" id={`${uid}-keep`} name={`${uid}-conflict`} checked={onConflict === 'keep'} onChange={() => setOnConflict('keep')} data-testid="conflict-keep" />
                <label for={`${uid}-keep`}>Keep the ones saved here</label>
              </div>
              <div class="check">
                <input type="radio" id={`${uid}-replace`} name={`${uid}-conflict`} checked={onConflict === 'replace'} onChange={() => setOnConflict('replace')} data-testid="conflict-replace" />
                <label for={`${uid}-replace`}>Replace them with the file’s (a secret B2 accepts is never replaced by one it refuses; an account’s key of another keyID stays saved as a secret)</label>
              </div>
            </fieldset>
          )}
          {preview.customEndpoints.length > 0 && (
            // The endpoint comes from the file: as when adding an account, one that is not Backblaze's is said in
            // plain sight, and the import button below says the person set it.
            <div class="banner warning" data-testid="import-custom-endpoints">
              <p>
                {preview.customEndpoints.length === 1
                  ? 'This account is added, or moved, to an API endpoint that is not Backblaze’s own: its keyID and applicationKey will be sent there. Import it only if you set this address yourself.'
                  : 'These accounts are added, or moved, to API endpoints that are not Backblaze’s own: their keyIDs and applicationKeys will be sent there. Import them only if you set these addresses yourself.'}
              </p>
              <ul>
                {preview.customEndpoints.map((c) => (
                  <li key={c.accountId}>
                    Account <strong>{c.label}</strong> (<code>{c.accountId}</code>): <code>{c.endpoint}</code>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {preview.skippedReasons.length > 0 && (
            <ul class="hint">
              {preview.skippedReasons.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          )}
          <div class="actions">
            <button type="button" onClick={() => void run(true)} disabled={busy || disabled} data-testid="import-apply">
              {busy ? 'Importing…' : importLabel(preview.customEndpoints)}
            </button>
            <button type="button" class="secondary" onClick={() => setPreview(null)} disabled={busy}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <p class="ok-text" role="status" data-testid="import-done">
        {result
          ? `Imported. ${countsSentence(result, true)}${conflictsOutcome(result, onConflict)}${result.leftOut.map((s) => ` ${s}`).join('')}`
          : ''}
      </p>
    </form>
  );
}

function countsSentence(r: ImportReport, applied: boolean): string {
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  return [
    `${n(r.added, 'entry', 'entries')} ${applied ? 'added' : 'to add'}`,
    `${r.same} already here`,
    `${n(r.conflicting, 'conflict', 'conflicts')}`,
    `${r.skipped} skipped`,
  ].join(', ') + '.';
}
