// The B2 API surface the emulator serves: endpoint name → handler and accepted methods.
import { authorizeAccount } from './authorize';
import { listBuckets } from './buckets';
import type { ApiHandler } from './context';
import { createKey, deleteKey, listKeys } from './keys';

export const ENDPOINT_NAMES = [
  'b2_authorize_account',
  'b2_create_key',
  'b2_list_keys',
  'b2_delete_key',
  'b2_list_buckets',
] as const;
export type EndpointName = (typeof ENDPOINT_NAMES)[number];

export const API_VERSIONS = { v2: 2, v3: 3, v4: 4 } as const;

// All five accept GET and POST: authorize is documented as GET (b2sdk POSTs `{}`), and the docs allow GET with
// query params for the key calls and list_buckets.
export const ENDPOINTS: Readonly<Record<EndpointName, { handler: ApiHandler; methods: readonly string[] }>> = {
  b2_authorize_account: { handler: authorizeAccount, methods: ['GET', 'POST'] },
  b2_create_key: { handler: createKey, methods: ['GET', 'POST'] },
  b2_list_keys: { handler: listKeys, methods: ['GET', 'POST'] },
  b2_delete_key: { handler: deleteKey, methods: ['GET', 'POST'] },
  b2_list_buckets: { handler: listBuckets, methods: ['GET', 'POST'] },
};

export function isEndpointName(name: string): name is EndpointName {
  return (ENDPOINT_NAMES as readonly string[]).includes(name);
}
