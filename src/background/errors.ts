/** Turns whatever a method threw into an RpcError with a sentence a person can act on. */
import { B2AmbiguousCreateError, B2ApiError, B2MalformedResponseError, B2NetworkError, B2ValidationError } from '../b2';
import { RpcError } from '../rpc/errors';
import { DamagedDataError, ReadOnlyError } from '../storage';
import { VaultError } from '../vault';

export function toRpcError(error: unknown, context: { endpoint?: string } = {}): RpcError {
  if (error instanceof RpcError) return error;
  if (error instanceof ReadOnlyError) return new RpcError('READ_ONLY', error.reason);
  // What B2 did is said by the caller (see deleteKey); here only what happened to the stored data.
  if (error instanceof DamagedDataError) return new RpcError('CORRUPT_ENTRY', `Part of the saved data (${error.key}) is damaged, so it was left exactly as it is and this change was not saved.`);
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
    if (error.code === 'unauthorized' && error.status === 401) {
      const cap = error.requiredCapability;
      if (error.call === 'b2_authorize_account') {
        return new RpcError('B2_PERMISSION', 'B2 did not accept this keyID and applicationKey. Check both values; a key that was deleted or has expired no longer works.', { b2 });
      }
      return new RpcError(
        'B2_PERMISSION',
        cap
          ? `The key this extension manages the account with does not have the ${cap} capability. Add the account again with a key that has it (the master key has all of them).`
          : 'B2 refused this request: the managing key is not allowed to do it.',
        { b2 },
      );
    }
    const said = error.b2Message ? ` B2 said: “${error.b2Message}”` : '';
    if (error.status === 429) return new RpcError('B2', `Backblaze B2 is rate-limiting requests. Wait a minute and try again.${said}`, { b2 });
    if (error.status >= 500) return new RpcError('B2', `Backblaze B2 is having trouble right now (${error.status}). Try again in a little while.${said}`, { b2 });
    if (error.status === 403) return new RpcError('B2', `B2 refused the request: your account has reached a cap or its access is restricted. Check the account in the B2 web console.${said}`, { b2 });
    return new RpcError('B2', `B2 refused the request (${error.code}).${said}`, { b2 });
  }
  if (error instanceof B2MalformedResponseError) {
    return new RpcError('B2', `The B2 server${context.endpoint ? ` at ${context.endpoint}` : ''} sent an answer that could not be read. Check the API endpoint in the settings, then try again.`);
  }
  if (error instanceof B2NetworkError) {
    return new RpcError('NETWORK', `Could not reach Backblaze B2${context.endpoint ? ` at ${context.endpoint}` : ''}. Check your internet connection and the API endpoint, then try again.`);
  }
  return new RpcError('INTERNAL', 'Something went wrong inside the extension. Nothing was lost; try again.');
}
