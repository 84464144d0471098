/**
 * Chromium's sandbox cannot start for root, which is why the test machines pass --no-sandbox. A desktop user
 * must not get it: Chromium would run unsandboxed and show its "unsupported command-line flag" warning bar.
 * --disable-gpu is for headless test runs only; the demo is for a person's screen.
 */
export function demoChromiumArgs(base: readonly string[], isRoot: boolean): string[] {
  return base.filter((a) => a !== '--disable-gpu' && (isRoot || a !== '--no-sandbox'));
}
