/** The shipped manifests ask for no more than they need; only the test build may reach loopback pages. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distDir } from '../helpers/browsers';

async function manifestOf(dir: Parameters<typeof distDir>[0]) {
  return JSON.parse(await readFile(join(distDir(dir), 'manifest.json'), 'utf8'));
}

describe('shipped manifests', () => {
  for (const target of ['chrome', 'firefox'] as const) {
    it(`${target}: host permissions are only Backblaze's, no content scripts`, async () => {
      const m = await manifestOf(target);
      expect(m.host_permissions).toEqual(['https://api.backblazeb2.com/*', 'https://*.backblazeb2.com/*']);
      expect(m.content_scripts ?? []).toEqual([]);
      expect(JSON.stringify(m)).not.toMatch(/127\.0\.0\.1|localhost|<all_urls>/);
    });
  }
  for (const target of ['chrome', 'firefox'] as const) {
    it(`${target}: the test build adds loopback hosts and nothing else`, async () => {
      const release = await manifestOf(target);
      const test = await manifestOf(`test-${target}`);
      expect(test.host_permissions.filter((h: string) => !release.host_permissions.includes(h))).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
      expect(test.permissions).toEqual(release.permissions);
    });
  }
});
