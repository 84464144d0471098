/** Turns whatever a method threw into an RpcError with a sentence a person can act on. */
// The files, not the b2 index: the index reaches the B2 client, which Firefox's first background file leaves out (later.ts).
import { B2AmbiguousCreateError, B2ApiError, B2MalformedResponseError, B2NetworkError, B2OtherAccountError, B2ValidationError, type NetworkFailure } from '../b2/errors';
import type { B2CallName } from '../b2/types';
import { RpcError } from '../rpc/errors';
import { DamagedDataError, ReadOnlyError, StorageUpgradeError, StorageWriteError } from '../storage';
import { VaultError } from '../vault';

/** Calls that only read: an error status from them leaves B2 as it was. */
const READ_CALLS: ReadonlySet<B2CallName> = new Set<B2CallName>(['b2_authorize_account', 'b2_list_keys', 'b2_list_buckets']);

/** The sentence for a failure no other sentence here foresaw. */
export const UNFORESEEN = 'Something went wrong inside the extension. Nothing was lost; try again.';

export function toRpcError(error: unknown, context: { endpoint?: string } = {}): RpcError {
  if (error instanceof RpcError) return error;
  if (error instanceof ReadOnlyError) return new RpcError('READ_ONLY', error.reason);
  // What B2 did is said by the caller (see deleteKey); here only what happened to the stored data.
  if (error instanceof DamagedDataError) return new RpcError('CORRUPT_ENTRY', `Part of the saved data (${error.key}) is damaged, so it was left exactly as it is and this change was not saved.`);
  // The browser's own error says nothing a person can act on ("QUOTA_BYTES quota exceeded", an I/O error).
  if (error instanceof StorageWriteError) return new RpcError('INTERNAL', 'This change was not saved: the browser refused to store it (the disk may be full). Free some space, then try again.');
  // Not "reload the extension": a reload runs the same refused step again.
  if (error instanceof StorageUpgradeError) {
    return new RpcError('INTERNAL', 'B2 Key Manager cannot open its saved data: the browser refused to read or store it (the disk may be full). Nothing saved was lost. Free some space, then try again.');
  }
  if (error instanceof VaultError) {
    switch (error.code) {
      case 'WRONG_PASSPHRASE':
        return new RpcError('WRONG_PASSPHRASE', 'That passphrase is not right. Check Caps Lock and try again.');
      case 'WEAK_PASSPHRASE':
        return new RpcError('WEAK_PASSPHRASE', error.message);
      case 'CORRUPT_ENTRY':
        return new RpcError('CORRUPT_ENTRY', 'This saved secret is damaged and cannot be decrypted. The other saved secrets are not affected.');
      case 'UNSUPPORTED_VERSION':
        return new RpcError('READ_ONLY', 'Your vault was written by a newer version of B2 Key Manager. Update the extension to unlock it; nothing was changed.');
      case 'CORRUPT_HEADER':
        return new RpcError('INTERNAL', 'The stored vault header is damaged, so the vault cannot be unlocked. Nothing was changed or deleted.');
      default:
        return new RpcError('INTERNAL', `The vault could not be read (${error.code}). Nothing was changed.`);
    }
  }
  if (error instanceof B2ValidationError) {
    const fields: Record<string, string> = {};
    for (const issue of error.issues) fields[issue.field] ??= issue.message;
    return new RpcError('INVALID_INPUT', error.issues[0]?.message ?? 'Check the form and try again.', { fields });
  }
  if (error instanceof B2AmbiguousCreateError) {
    return new RpcError('AMBIGUOUS_CREATE', error.message);
  }
  if (error instanceof B2ApiError) {
    const b2 = { status: error.status, code: error.code };
    if (error.ownKeyRefused) {
      return new RpcError(
        'B2_PERMISSION',
        'B2 no longer accepts the key this extension manages the account with: it was deleted, expired or (for a master key) regenerated. Nothing was changed in B2. Add the account again on the options page with a key that works.',
        { b2 },
      );
    }
    if (error.code === 'unauthorized' && error.status === 401) {
      const cap = error.requiredCapability;
      if (error.call === 'b2_authorize_account') {
        return new RpcError('B2_PERMISSION', 'B2 did not accept this keyID and applicationKey. Check both values; a key that was deleted or has expired no longer works.', { b2 });
      }
      return new RpcError(
        'B2_PERMISSION',
        cap
          ? `B2 refused this to the key this extension manages the account with: it needs the ${cap} capability, and a key limited to some buckets or to a file name prefix cannot act beyond them. Add the account again with a key that has it and no such limit (the master key has all of them).`
          : 'B2 refused this request: the managing key is not allowed to do it.',
        { b2 },
      );
    }
    const said = error.b2Message ? ` B2 said: “${error.b2Message}”` : '';
    if (error.status === 429) return new RpcError('B2', `Backblaze B2 answered 429 (too many requests): it is rate-limiting this account. ${waitSentence(error.retryAfterMs)}${said}`, { b2 });
    if (error.status >= 500) return new RpcError('B2', `Backblaze B2 answered ${error.status} (a server error): it is having trouble on its side. Try again in a little while.${said}`, { b2 });
    if (error.status === 403) return new RpcError('B2', `B2 refused the request: your account has reached a cap or its access is restricted. Check the account in the B2 web console.${said}`, { b2 });
    const field = error.status === 400 && error.call === 'b2_create_key' ? createFieldOf(error.b2Message) : null;
    if (field) {
      // B2 refused one part of the form (e.g. a ⚠ capability on a bucket-scoped key): said next to that part.
      const message = `B2 refused this: “${error.b2Message}”. Change it and try again; nothing was created.`;
      return new RpcError('B2', message, { b2, fields: { [field]: message } });
    }
    return new RpcError('B2', `B2 refused the request (${error.code}).${said}`, { b2 });
  }
  if (error instanceof B2MalformedResponseError) {
    const at = context.endpoint ? ` at ${context.endpoint}` : '';
    // Only a 2xx body that could not be read points at the endpoint: an error status with a page that is not B2's
    // JSON (a maintenance page, a CDN's or load balancer's) is that status, and must not send a person to change a
    // correct setting.
    if (error.status >= 200 && error.status < 300) {
      return new RpcError('B2', `The B2 server${at} sent an answer that could not be read. Check the API endpoint in the settings, then try again.`);
    }
    const b2 = { status: error.status, code: 'unknown' };
    if (error.status === 429) {
      return new RpcError('B2', `The B2 server${at} answered 429 (too many requests): it is rate-limiting this account. ${waitSentence(error.retryAfterMs)}`, { b2 });
    }
    if (error.status >= 500) {
      // A read changes nothing whatever the server did; a Delete Key may have been carried out before the error.
      const unchanged = error.call !== undefined && READ_CALLS.has(error.call) ? ' Nothing was changed.' : '';
      return new RpcError('B2', `The B2 server${at} answered ${error.status} (a server error): B2’s service had a problem or is unavailable for now. Try again in a little while.${unchanged}`, { b2 });
    }
    return new RpcError('B2', `The B2 server${at} refused the request with HTTP status ${error.status}, and an answer that is not B2’s usual one.`, { b2 });
  }
  if (error instanceof B2OtherAccountError) {
    const at = context.endpoint ? ` at ${context.endpoint}` : '';
    return new RpcError('B2', `The B2 server${at} answered for another B2 account (${error.answered}) than this one (${error.expected}), so nothing was sent to it or stored. Check the account's API endpoint; if the key now belongs to another account, add that account instead.`);
  }
  if (error instanceof B2NetworkError) {
    return new RpcError('NETWORK', networkMessage(error.failure, context.endpoint, error.host));
  }
  return new RpcError('INTERNAL', UNFORESEEN);
}

function hostOf(endpoint: string | undefined): string {
  if (!endpoint) return 'Backblaze B2';
  try {
    return new URL(endpoint).host;
  } catch {
    return endpoint;
  }
}

/**
 * One sentence per kind of connection failure, saying only what is known: browsers do not tell a refused
 * connection from an unknown name, so `unknown` names the possibilities instead of guessing one.
 */
export function networkMessage(failure: NetworkFailure, endpoint?: string, failedHost?: string): string {
  const host = hostOf(endpoint);
  // The account's own B2 server (the apiUrl its sign-in named), not the endpoint: the endpoint setting is not what is
  // wrong, and is not what to check (the client already asked the endpoint again where the server had moved).
  if (failedHost !== undefined && failedHost !== host && failure !== 'offline') return serverMessage(failure, failedHost);
  switch (failure) {
    case 'timeout':
      return `${host} did not answer in time (the request timed out). Try again in a little while.`;
    case 'refused':
      return `Could not connect to ${host}: the connection was refused (nothing is answering there). Check the API endpoint, then try again.`;
    case 'dns':
      return `Could not find ${host}: the name was not found (DNS). Check the API endpoint and your internet connection.`;
    case 'reset':
      return `The connection to ${host} was cut off before it answered. Try again.`;
    case 'offline':
      return `This computer is offline, so ${host} could not be reached. Connect to the internet and try again.`;
    default:
      return `Could not connect to ${host} (the connection was refused, the name was not found, or there is no network). Check your internet connection and the API endpoint, then try again.`;
  }
}

/** A failure at the account's own B2 server (offline is said as before: the computer, not the server). */
function serverMessage(failure: Exclude<NetworkFailure, 'offline'>, host: string): string {
  const what =
    failure === 'timeout'
      ? 'did not answer in time (the request timed out)'
      : failure === 'reset'
        ? 'cut the connection off before it answered'
        : 'could not be reached';
  return `${host}, the B2 server this account's calls go to, ${what}. B2 may be having trouble there; try again in a little while.`;
}

/** Which create-form field B2's 400 message is about, by its words; null when it names none. */
export function createFieldOf(b2Message: string): string | null {
  if (/capabilit/i.test(b2Message)) return 'capabilities';
  if (/key ?name/i.test(b2Message)) return 'keyName';
  if (/duration|expir/i.test(b2Message)) return 'validDurationInSeconds';
  if (/prefix/i.test(b2Message)) return 'namePrefix';
  if (/bucket/i.test(b2Message)) return 'bucketIds';
  return null;
}

/** How long to wait after a 429: what B2 asked for in Retry-After (the client already waited out up to 20 s of it). */
function waitSentence(retryAfterMs: number | undefined): string {
  if (retryAfterMs === undefined || retryAfterMs <= 60_000) return 'Wait a minute and try again.';
  const minutes = Math.ceil(retryAfterMs / 60_000);
  if (minutes < 120) return `B2 asked to wait about ${minutes} minutes; try again then.`;
  return `B2 asked to wait about ${Math.round(minutes / 60)} hours; try again then.`;
}
