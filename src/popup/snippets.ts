/** Copyable configuration for a new key, in the shapes the common tools read. */

export interface SnippetInput {
  keyName: string;
  applicationKeyId: string;
  applicationKey: string;
  /** The account's S3-compatible endpoint, e.g. https://s3.us-west-004.backblazeb2.com. */
  s3ApiUrl: string | null;
}

export interface Snippet {
  id: 'env' | 'rclone' | 's3';
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

export function s3Snippet(s: SnippetInput): string {
  const endpoint = s.s3ApiUrl ? `endpoint_url = ${s.s3ApiUrl}\n` : '# endpoint_url = https://s3.<region>.backblazeb2.com (see your bucket details)\n';
  return `[profile ${sectionName(s.keyName)}]\naws_access_key_id = ${s.applicationKeyId}\naws_secret_access_key = ${s.applicationKey}\n${endpoint}`;
}

export function snippetsFor(s: SnippetInput): Snippet[] {
  return [
    { id: 'env', title: 'Environment variables', hint: 'For the b2 command-line tool and the B2 SDKs.', text: envSnippet(s) },
    { id: 'rclone', title: 'rclone remote', hint: 'Add to rclone.conf (rclone config file shows where it is).', text: rcloneSnippet(s) },
    { id: 's3', title: 'S3-compatible profile', hint: 'Add to ~/.aws/config; use it with --profile.', text: s3Snippet(s) },
  ];
}
