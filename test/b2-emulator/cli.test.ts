import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { basic, type Json } from './helpers';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, 'cli.ts');
const repo = join(here, '..', '..');

let child: ChildProcessWithoutNullStreams | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
});

/** Spawns the CLI with node + the tsx loader (what `tsx cli.ts` does, minus the npx wrapper process, so the
 * signal reaches the emulator itself) and resolves with the first stdout line. */
function spawnCli(args: string[]): Promise<{ line: string; stdout: () => string; exited: Promise<number | null> }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: repo });
  child = proc;
  let out = '';
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let err = '';
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve({ line: out.slice(0, nl), stdout: () => out, exited });
    });
    proc.on('exit', (code) => reject(new Error(`cli exited ${code}: ${err}`)));
  });
}

describe('cli.ts', () => {
  it('prints exactly one JSON line, serves it, exits cleanly on SIGTERM and saves state', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'b2-emulator-cli-'));
    try {
      const state = join(dir, 'state.json');
      const { line, stdout, exited } = await spawnCli(['--port', '0', '--buckets', 'cli-one,cli-two', '--state', state, '--token-ttl', '600']);
      const info = JSON.parse(line) as Json;
      expect(Object.keys(info)).toEqual(['url', 'accountId', 'applicationKeyId', 'applicationKey']);
      expect(info['url']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const auth = await fetch(`${info['url']}/b2api/v4/b2_authorize_account`, {
        headers: { Authorization: basic(info['applicationKeyId'], info['applicationKey']) },
      });
      expect(auth.status).toBe(200);
      const token = ((await auth.json()) as Json)['authorizationToken'] as string;
      const buckets = await fetch(`${info['url']}/b2api/v4/b2_list_buckets`, {
        method: 'POST', headers: { Authorization: token }, body: JSON.stringify({ accountId: info['accountId'] }),
      });
      expect((((await buckets.json()) as Json)['buckets'] as Json[]).map((b) => b['bucketName'])).toEqual(['cli-one', 'cli-two']);
      child?.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stdout()).toBe(`${line}\n`); // nothing else on stdout
      const saved = JSON.parse(readFileSync(state, 'utf8')) as Json;
      expect(saved['accountId']).toBe(info['accountId']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits on SIGINT too', async () => {
    const { line, exited } = await spawnCli(['--port=0']);
    expect(JSON.parse(line)).toHaveProperty('url');
    child?.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('rejects unknown flags with exit code 2', async () => {
    const proc = spawn(process.execPath, ['--import', 'tsx', cli, '--bogus', '1'], { cwd: repo });
    child = proc;
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => proc.on('exit', resolve));
    expect(code).toBe(2);
    expect(out).toBe('');
  });
});
