import { describe, expect, it } from 'vitest';
import { awsCredentialsSnippet, envSnippet, rcloneSnippet, resticSnippet, s3Region, s3Snippet, snippetsFor } from './snippets';

const s = { keyName: 'my-key', applicationKeyId: '004abc', applicationKey: 'K004secret', s3ApiUrl: 'https://s3.us-west-004.backblazeb2.com' };

describe('snippets', () => {
  it('writes env vars', () => {
    expect(envSnippet(s)).toBe('export B2_APPLICATION_KEY_ID=004abc\nexport B2_APPLICATION_KEY=K004secret\n');
  });
  it('writes an rclone remote', () => {
    expect(rcloneSnippet(s)).toBe('[my-key]\ntype = b2\naccount = 004abc\nkey = K004secret\n');
  });
  it('writes an S3-compatible profile with the account endpoint', () => {
    expect(s3Snippet(s)).toBe(
      '[profile my-key]\naws_access_key_id = 004abc\naws_secret_access_key = K004secret\nendpoint_url = https://s3.us-west-004.backblazeb2.com\nregion = us-west-004\n',
    );
    expect(s3Snippet({ ...s, s3ApiUrl: null })).toMatch(/^# endpoint_url/m);
  });
  it('takes the region from the account’s S3 endpoint, and only from a Backblaze one', () => {
    expect(s3Region('https://s3.eu-central-003.backblazeb2.com')).toBe('eu-central-003');
    expect(s3Region('http://127.0.0.1:8787/s3')).toBeNull();
    expect(s3Region('https://s3.us-west-004.backblazeb2.com.evil.example')).toBeNull();
    expect(s3Snippet({ ...s, s3ApiUrl: 'http://127.0.0.1:8787/s3' })).toMatch(/^# region = /m);
  });
  it('writes the AWS CLI credentials file', () => {
    expect(awsCredentialsSnippet(s)).toBe('[my-key]\naws_access_key_id = 004abc\naws_secret_access_key = K004secret\n');
  });
  it('writes restic’s variables with the key’s bucket and prefix', () => {
    expect(resticSnippet({ ...s, bucketNames: ['photos'], namePrefix: 'backups/' })).toBe("export B2_ACCOUNT_ID=004abc\nexport B2_ACCOUNT_KEY=K004secret\nexport RESTIC_REPOSITORY='b2:photos:backups'\n");
    expect(resticSnippet({ ...s, bucketNames: null })).toMatch(/every bucket[\s\S]*RESTIC_REPOSITORY='b2:<bucket-name>:'\n$/);
    // A name prefix is any text: one shell word, whatever it holds.
    expect(resticSnippet({ ...s, bucketNames: ['photos'], namePrefix: "it's $(rm -rf ~) `x` a b/" })).toContain("export RESTIC_REPOSITORY='b2:photos:it'\\''s $(rm -rf ~) `x` a b'\n");
    expect(resticSnippet({ ...s, bucketNames: ['a', 'b'] })).toMatch(/2 buckets \(a, b\)[\s\S]*'b2:a:'\n$/);
  });
  it('offers all five, each with its title and where it goes', () => {
    expect(snippetsFor(s).map(({ id, title, hint }) => ({ id, title, hint }))).toEqual([
      { id: 'env', title: 'Environment variables', hint: 'For the b2 command-line tool and the B2 SDKs.' },
      { id: 'rclone', title: 'rclone remote', hint: 'Add to rclone.conf (rclone config file shows where it is).' },
      { id: 's3', title: 'S3-compatible profile', hint: 'Add to ~/.aws/config; use it with --profile.' },
      { id: 'awsCredentials', title: 'AWS CLI credentials file', hint: 'Add to ~/.aws/credentials (set endpoint_url and region in ~/.aws/config, or pass --endpoint-url).' },
      { id: 'restic', title: 'restic', hint: 'Then run restic init once, and restic backup.' },
    ]);
    expect(snippetsFor(s).map((x) => x.text)).toEqual([envSnippet(s), rcloneSnippet(s), s3Snippet(s), awsCredentialsSnippet(s), resticSnippet(s)]);
  });
  it('names the rclone remote and the AWS profile after the key, other characters made dashes', () => {
    expect(rcloneSnippet({ ...s, keyName: 'nas backup.v2' })).toMatch(/^\[nas-backup-v2\]\n/);
    expect(s3Snippet({ ...s, keyName: 'nas backup.v2' })).toMatch(/^\[profile nas-backup-v2\]\n/);
    expect(awsCredentialsSnippet({ ...s, keyName: 'a b' })).toMatch(/^\[a-b\]\n/);
    expect(rcloneSnippet({ ...s, keyName: '' })).toMatch(/^\[b2\]\n/);
  });
  it('takes no region from an address that only ends like a Backblaze S3 endpoint', () => {
    expect(s3Region('https://evil.example/https://s3.us-west-004.backblazeb2.com')).toBeNull();
    expect(s3Region('https://s3.us-west-004.backblazeb2.com/')).toBe('us-west-004');
  });
  it('restic: a key restricted to buckets whose names are not known here gets the placeholder', () => {
    expect(resticSnippet({ ...s, bucketNames: [] })).toBe("export B2_ACCOUNT_ID=004abc\nexport B2_ACCOUNT_KEY=K004secret\nexport RESTIC_REPOSITORY='b2:<bucket-name>:'\n");
  });
  it('restic: the prefix loses every trailing slash and keeps the ones inside it', () => {
    expect(resticSnippet({ ...s, bucketNames: ['photos'], namePrefix: 'hosts/nas//' })).toContain("RESTIC_REPOSITORY='b2:photos:hosts/nas'\n");
  });
});
