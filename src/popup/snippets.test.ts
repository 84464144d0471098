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
  it('offers all five', () => {
    expect(snippetsFor(s).map((x) => x.id)).toEqual(['env', 'rclone', 's3', 'awsCredentials', 'restic']);
  });
});
