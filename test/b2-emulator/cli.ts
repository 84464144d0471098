// `npm run emulator` → tsx test/b2-emulator/cli.ts [--port N] [--host H] [--buckets a,b,c] [--state FILE]
//                      [--token-ttl SECONDS] [--verbose]
// Prints exactly one JSON line to stdout once the server accepts connections (scripts parse it); everything
// else goes to stderr.
import { startEmulator, type EmulatorOptions, type RunningEmulator } from './server';

const USAGE =
  'usage: cli.ts [--port N] [--host HOST] [--buckets a,b,c] [--state FILE] [--token-ttl SECONDS] [--verbose]';

function fail(message: string): never {
  console.error(`b2-emulator: ${message}\n${USAGE}`);
  process.exit(2);
}

export function parseArgs(argv: readonly string[]): EmulatorOptions {
  const opts: EmulatorOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') {
      console.error(USAGE);
      process.exit(0);
    }
    if (arg === '--verbose') {
      opts.logRequests = true;
      continue;
    }
    // Accept both `--flag value` and `--flag=value`.
    const eq = arg.indexOf('=');
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) fail(`missing value for ${flag}`);
    const int = (): number => {
      if (!/^\d+$/.test(value)) fail(`${flag} needs a non-negative integer, got ${value}`);
      return Number(value);
    };
    switch (flag) {
      case '--port': opts.port = int(); break;
      case '--host': opts.host = value; break;
      case '--buckets': opts.buckets = value.split(',').map((s) => s.trim()).filter(Boolean); break;
      case '--state': opts.statePath = value; break;
      case '--token-ttl': opts.tokenTtlSeconds = int(); break;
      default: fail(`unknown option ${flag}`);
    }
  }
  return opts;
}

async function main(): Promise<void> {
  // Signal handlers go in before the JSON line is printed: a supervisor may signal as soon as it has read it.
  let emu: RunningEmulator | undefined = undefined; // set once started; stop() may run before that
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.error(`b2-emulator: ${signal}, saving state and exiting`);
    (emu ? emu.close() : Promise.resolve()).then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('b2-emulator: close failed:', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  emu = await startEmulator(parseArgs(process.argv.slice(2)));
  if (stopping) {
    // A signal arrived while starting: stop() already ran without a server to close.
    await emu.close();
    return;
  }
  const { url, accountId, applicationKeyId, applicationKey } = emu;
  process.stdout.write(`${JSON.stringify({ url, accountId, applicationKeyId, applicationKey })}\n`);
}

main().catch((err: unknown) => {
  console.error('b2-emulator: failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
