// Public API of the B2 key client. Other modules import from here, not from the files behind it.

export type { B2Allowed, B2Auth, B2CallName, B2Credentials, B2Key, Bucket, CreatedKey, CreateKeyInput } from './types';
export {
  B2AmbiguousCreateError,
  B2ApiError,
  B2Error,
  B2MalformedResponseError,
  B2NetworkError,
  B2ValidationError,
  classifyNetworkFailure,
  isB2Error,
  REQUIRED_CAPABILITY,
  requiredCapabilityFor,
} from './errors';
export type { B2ErrorKind, NetworkFailure, RecoveredKeySecret, ValidationIssue } from './errors';
export { authorize } from './authorize';
export type { AuthorizeOptions } from './authorize';
export { authorizesOnV3 } from './legacy-authorize';
export { B2Client, UNKNOWN_BUCKET_TYPE } from './client';
export type { B2ClientOptions } from './client';
export { validateCreateKeyInput, validateCredentials, validateKeyName } from './validate';
export {
  ACCESS_TYPE_LABELS,
  ACCESS_TYPE_PRESETS,
  ALL_KNOWN_CAPABILITIES,
  BUCKET_SCOPED_CAPABILITIES,
  CAPABILITY_GROUPS,
  KEY_MANAGEMENT_CAPABILITIES,
  accessTypeOf,
  capabilitiesForAccessType,
  capabilitiesNotAllowedWithBuckets,
  isKnownCapability,
} from './capabilities';
export type { AccessType, CapabilityGroup } from './capabilities';
export { b2AuthSchema } from './schemas';
export {
  AUTH_REUSE_MS,
  DEFAULT_ENDPOINT,
  DEFAULT_LIST_KEYS_PAGE_SIZE,
  MAX_KEY_NAME_LENGTH,
  MAX_LIST_KEYS_PAGE_SIZE,
  MAX_VALID_DURATION_SECONDS,
} from './limits';
