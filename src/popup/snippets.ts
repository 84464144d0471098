/** Copyable configuration for a new key, in the shapes the common tools read. */

export interface SnippetInput {
  keyName: string;
  applicationKeyId: string;
  applicationKey: string;
  /** The account's S3-compatible endpoint, e.g. https://s3.us-west-004.backblazeb2.com. */
  s3ApiUrl: string | null;
  /** Names of the buckets the key is restricted to (null: all buckets; absent: not known here). */
  bucketNames?: readonly string[] | null;
  namePrefix?: string | null;
}

export interface Snippet {
  id: 'env' | 'rclone' | 's3' | 'awsCredentials' | 'restic';
  title: string;
  hint: string;
  text: string;
}

/** rclone remote and AWS profile names: the key name (letters, digits, '-') is already a safe section name. */
function sectionName(keyName: string): string {
  const clean = keyName.replace(/[^A-Za-z0-9_-]/g, '-');
  return clean || 'b2';
}

export function envSnippet(s: SnippetInput): string {
  return `export B2_APPLICATION_KEY_ID=${s.applicationKeyId}\nexport B2_APPLICATION_KEY=${s.applicationKey}\n`;
}

export function rcloneSnippet(s: SnippetInput): string {
  return `[${sectionName(s.keyName)}]\ntype = b2\naccount = ${s.applicationKeyId}\nkey = ${s.applicationKey}\n`;
}

/** The region in a Backblaze S3 endpoint (https://s3.us-west-004.backblazeb2.com → us-west-004); null for any other address. */
export function s3Region(s3ApiUrl: string | null): string | null {
  const m = s3ApiUrl ? /^https:\/\/s3\.([a-z0-9-]+)\.backblazeb2\.com\/?$/.exec(s3ApiUrl) : null;
  return m ? m[1]! : null;
}

export function s3Snippet(s: SnippetInput): string {
  const endpoint = s.s3ApiUrl ? `endpoint_url = ${s.s3ApiUrl}\n` : '# endpoint_url = https://s3.<region>.backblazeb2.com (see your bucket details)\n';
  const region = s3Region(s.s3ApiUrl);
  // AWS tools sign requests for a region; B2 expects the one in its endpoint's name.
  const regionLine = region ? `region = ${region}\n` : '# region = the part after "s3." in endpoint_url, e.g. us-west-004\n';
  return `[profile ${sectionName(s.keyName)}]\naws_access_key_id = ${s.applicationKeyId}\naws_secret_access_key = ${s.applicationKey}\n${endpoint}${regionLine}`;
}

/** ~/.aws/credentials: the secret part only (the endpoint and region stay in ~/.aws/config). */
export function awsCredentialsSnippet(s: SnippetInput): string {
  return `[${sectionName(s.keyName)}]\naws_access_key_id = ${s.applicationKeyId}\naws_secret_access_key = ${s.applicationKey}\n`;
}

/** restic's B2 backend: its own variable names, and a repository inside the key's bucket and prefix. */
export function resticSnippet(s: SnippetInput): string {
  const names = s.bucketNames;
  const bucket = names && names.length > 0 ? names[0]! : '<bucket-name>';
  const note = !names ? '# The key works on every bucket: put the bucket of your choice below.\n' : names.length > 1 ? `# The key works on ${names.length} buckets (${names.join(', ')}); the first is used below.\n` : '';
  const path = (s.namePrefix ?? '').replace(/\/+$/, '');
  return `${note}export B2_ACCOUNT_ID=${s.applicationKeyId}\nexport B2_ACCOUNT_KEY=${s.applicationKey}\nexport RESTIC_REPOSITORY=${shellQuoted(`b2:${bucket}:${path}`)}\n`;
}

/**
 * A value as one shell word: a key's name prefix is any text its maker chose, and a space, `$(…)` or a backquote
 * in it must not split the line or run a command when the snippet is pasted into a shell.
 */
function shellQuoted(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

export function snippetsFor(s: SnippetInput): Snippet[] {
  return [
    { id: 'env', title: 'Environment variables', hint: 'For the b2 command-line tool and the B2 SDKs.', text: envSnippet(s) },
    { id: 'rclone', title: 'rclone remote', hint: 'Add to rclone.conf (rclone config file shows where it is).', text: rcloneSnippet(s) },
    { id: 's3', title: 'S3-compatible profile', hint: 'Add to ~/.aws/config; use it with --profile.', text: s3Snippet(s) },
    { id: 'awsCredentials', title: 'AWS CLI credentials file', hint: 'Add to ~/.aws/credentials (set endpoint_url and region in ~/.aws/config, or pass --endpoint-url).', text: awsCredentialsSnippet(s) },
    { id: 'restic', title: 'restic', hint: 'Then run restic init once, and restic backup.', text: resticSnippet(s) },
  ];
}
