import { spawn } from 'node:child_process';
import { harness, call } from '../../helpers/service-harness';
const n = Number(process.argv[2] ?? 100000);
const child = spawn('npx', ['tsx', 'test/b2-emulator/cli.ts', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const info: any = await new Promise((res) => child.stdout!.once('data', (d) => res(JSON.parse(String(d).split('\n')[0]!))));
const admin = (p: string, body: unknown) => fetch(`${info.url}/__emulator/${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
await admin('seed-keys', { count: n, namePrefix: 'bench-' });
const h = harness(); const s = h.makeService();
await call(s, 'createVault', { passphrase: 'correct horse battery staple 1' } as never);
await call(s, 'addAccount', { applicationKeyId: info.applicationKeyId, applicationKey: info.applicationKey, endpoint: info.url } as never);
// list calls alone
let t = performance.now();
let start: string | undefined; let calls = 0;
const auth: any = await fetch(`${info.url}/b2api/v4/b2_authorize_account`, { headers: { Authorization: 'Basic ' + Buffer.from(`${info.applicationKeyId}:${info.applicationKey}`).toString('base64') } }).then((r) => r.json());
do { const r: any = await fetch(`${auth.apiInfo.storageApi.apiUrl}/b2api/v4/b2_list_keys`, { method: 'POST', headers: { Authorization: auth.authorizationToken }, body: JSON.stringify({ accountId: auth.accountId, maxKeyCount: 10000, ...(start ? { startApplicationKeyId: start } : {}) }) }).then((r) => r.json()); start = r.nextApplicationKeyId ?? undefined; calls++; } while (start);
console.log('list calls alone', calls, Math.round(performance.now() - t));
for (let i = 0; i < 2; i++) { t = performance.now(); await call(s, 'refreshKeys', { offset: 0, limit: 50, query: '' } as never); console.log('refresh', Math.round(performance.now() - t)); }
child.kill();
process.exit(0);
