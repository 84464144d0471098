// Shared by the vault tests only (not exported from index.ts).
import { expect } from 'vitest';
import { base64ToBytes, bytesToBase64 } from './base64';
import { VaultError } from './errors';
import type { VaultErrorCode } from './errors';

/** Fast KDF for tests; the 600,000 default is exercised in its own test. */
export const FAST = 1000;

export async function expectVaultError(promise: Promise<unknown>, code: VaultErrorCode): Promise<VaultError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected VaultError ${code}`).toBeInstanceOf(VaultError);
  expect((caught as VaultError).code).toBe(code);
  return caught as VaultError;
}

/** Returns `b64` with the byte at `index` XOR-ed by `mask` (index may be negative, from the end). */
export function flipByte(b64: string, index: number, mask = 0x01): string {
  const bytes = base64ToBytes(b64);
  const i = index < 0 ? bytes.length + index : index;
  bytes[i] = (bytes[i] ?? 0) ^ mask;
  return bytesToBase64(bytes);
}

export function truncateBytes(b64: string, drop: number): string {
  const bytes = base64ToBytes(b64);
  return bytesToBase64(bytes.slice(0, bytes.length - drop));
}

/** Recursively freezes a JSON value so that any attempted mutation throws (modules are strict mode). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
