/** Browser-specific permissions: Chrome gets the offscreen document (clipboard) and idle (screen lock); Firefox, with neither API to use, gets neither. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distDir } from '../helpers/browsers';

async function permissionsOf(dir: 'chrome' | 'firefox'): Promise<string[]> {
  return (JSON.parse(await readFile(join(distDir(dir), 'manifest.json'), 'utf8')) as { permissions: string[] }).permissions;
}

describe('clipboard permissions in the shipped manifests', () => {
  it('chrome: clipboardRead, clipboardWrite and offscreen; the offscreen page is built', async () => {
    expect(await permissionsOf('chrome')).toEqual(expect.arrayContaining(['clipboardRead', 'clipboardWrite', 'offscreen']));
    await expect(readFile(join(distDir('chrome'), 'src/offscreen/index.html'), 'utf8')).resolves.toMatch(/<script type="module"/);
  });
  it('firefox: clipboardRead and clipboardWrite, no offscreen', async () => {
    const permissions = await permissionsOf('firefox');
    expect(permissions).toEqual(expect.arrayContaining(['clipboardRead', 'clipboardWrite']));
    expect(permissions).not.toContain('offscreen');
  });
});

describe('the idle permission in the shipped manifests', () => {
  it('chrome asks for it (lock on screen lock); firefox, which never reports a screen lock, does not', async () => {
    expect(await permissionsOf('chrome')).toContain('idle');
    expect(await permissionsOf('firefox')).not.toContain('idle');
    expect(await permissionsOf('firefox')).toContain('alarms');
  });
});
