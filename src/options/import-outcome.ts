/** The sentences an import ends with (BackupSection.tsx), free of the page so they are tested in Node. */

/** What became of the conflicts, from what the import did rather than what was asked: "Replace" can keep some. */
export function conflictsOutcome(r: { conflicting: number; replaced: number }, onConflict: 'keep' | 'replace'): string {
  if (r.conflicting === 0) return '';
  if (r.replaced === r.conflicting) return ' The conflicting entries now hold the file’s.';
  const why = onConflict === 'replace' ? ', because B2 did not accept the file’s or could not be asked, or the record here is damaged (a secret B2 accepts is never replaced by one it refuses)' : '';
  if (r.replaced === 0) return ` The conflicting entries were left as they are here${why}.`;
  const kept = r.conflicting - r.replaced;
  return ` ${r.replaced} conflicting ${r.replaced === 1 ? 'entry now holds' : 'entries now hold'} the file’s; ${kept} ${kept === 1 ? 'was' : 'were'} left as ${kept === 1 ? 'it is' : 'they are'} here${why}.`;
}

/**
 * The import button's words when the file adds accounts at an API endpoint that is not Backblaze's: pressing it is
 * the person's yes to those endpoints, in the words the account card confirms one with ("I set … myself: use it").
 */
export function importLabel(customEndpoints: readonly { endpoint: string }[]): string {
  const endpoints = [...new Set(customEndpoints.map((c) => c.endpoint))];
  if (endpoints.length === 0) return 'Import';
  return endpoints.length === 1 ? `I set ${endpoints[0]} myself: import` : 'I set these endpoints myself: import';
}
