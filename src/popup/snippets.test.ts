import { describe, expect, it } from 'vitest';
import { envSnippet, rcloneSnippet, s3Snippet, snippetsFor } from './snippets';

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
      '[profile my-key]\naws_access_key_id = 004abc\naws_secret_access_key = K004secret\nendpoint_url = https://s3.us-west-004.backblazeb2.com\n',
    );
    expect(s3Snippet({ ...s, s3ApiUrl: null })).toMatch(/^# endpoint_url/m);
  });
  it('offers all three', () => {
    expect(snippetsFor(s).map((x) => x.id)).toEqual(['env', 'rclone', 's3']);
  });
});
