/** The sentences an import ends with (BackupSection.tsx), free of the page so they are tested in Node. */

/** What became of the conflicts, from what the import did rather than what was asked: "Replace" can keep some. */
export function conflictsOutcome(r: { conflicting: number; replaced: number }, onConflict: 'keep' | 'replace'): string {
  if (r.conflicting === 0) return '';
  if (r.replaced === r.conflicting) return ' The conflicting entries now hold the file’s.';
  const why = onConflict === 'replace' ? ', because B2 accepts the one here or could not be asked (a secret B2 accepts is never replaced by one it refuses)' : '';
  if (r.replaced === 0) return ` The conflicting entries were left as they are here${why}.`;
  const kept = r.conflicting - r.replaced;
  return ` ${r.replaced} conflicting ${r.replaced === 1 ? 'entry now holds' : 'entries now hold'} the file’s; ${kept} ${kept === 1 ? 'was' : 'were'} left as ${kept === 1 ? 'it is' : 'they are'} here${why}.`;
}
