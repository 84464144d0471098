/** Turning whatever an RPC threw into what a page shows: a sentence, and per-field sentences. */
import { RpcError } from '../rpc/errors';
import type { ErrorCode } from '../rpc/codes';

export function messageOf(error: unknown): string {
  if (error instanceof RpcError) return error.message;
  return 'Something went wrong inside the extension. Nothing was lost; try again.';
}

export function fieldsOf(error: unknown): Record<string, string> {
  return error instanceof RpcError && error.fields ? error.fields : {};
}

export function codeOf(error: unknown): ErrorCode | null {
  return error instanceof RpcError ? error.code : null;
}
