// --state FILE: load on start, save after every mutation. Writes are synchronous and atomic (tmp + rename)
// so a crash or SIGKILL mid-write never leaves a half-written file, and two quick mutations cannot race.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { StateData } from './state';

const bucketSchema = z.object({
  bucketId: z.string(),
  bucketName: z.string(),
  bucketType: z.string(),
  revision: z.number().int(),
});

const stateSchema = z.object({
  version: z.literal(1),
  accountId: z.string().regex(/^[0-9a-f]{12}$/),
  masterKey: z.string().min(1),
  seedBuckets: z.array(bucketSchema),
  buckets: z.array(bucketSchema),
  keys: z.array(
    z.object({
      applicationKeyId: z.string(),
      applicationKey: z.string(),
      keyName: z.string(),
      capabilities: z.array(z.string()),
      bucketIds: z.array(z.string()).nullable(),
      multiBucket: z.boolean(),
      namePrefix: z.string().nullable(),
      expirationTimestamp: z.number().nullable(),
      options: z.array(z.string()),
      createdAt: z.number(),
    }),
  ),
  // Tokens are optional in the file: a hand-written state without them still loads.
  tokens: z
    .array(z.object({ token: z.string(), applicationKeyId: z.string(), issuedAt: z.number(), expiresAt: z.number() }))
    .default([]),
});

/** Returns the stored state, or undefined if the file does not exist. Throws on a corrupt file rather than
 * silently starting over, which would lose the keys a demo depends on. */
export function loadState(path: string): StateData | undefined {
  if (!existsSync(path)) return undefined;
  const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const parsed = stateSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`invalid emulator state file ${path}: ${parsed.error.message}`);
  return parsed.data;
}

export function saveState(path: string, data: StateData): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(data, null, 1));
  renameSync(tmp, path);
}
