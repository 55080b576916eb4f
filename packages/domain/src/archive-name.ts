/** S6.2 / D13: `_Archived`, `_Archived2`, `_Archived3`, … */
export function archiveSuffix(n: number): string {
  return n <= 1 ? '_Archived' : `_Archived${n}`;
}

export interface ArchiveNames {
  /** `<username><suffix>`, null when there was no username */
  username: string | null;
  /** `<email><suffix>`, null when there was no e-mail */
  email: string | null;
  suffix: string;
}

/**
 * D13: the first suffix whose username AND e-mail are both free (case-insensitive) among `taken`.
 * Terminates: each taken name blocks at most one counter value per base.
 */
export function archiveNames(
  username: string | null,
  email: string | null,
  taken: readonly string[],
): ArchiveNames {
  const used = new Set(taken.map((name) => name.toLowerCase()));
  const free = (name: string | null): boolean => name === null || !used.has(name.toLowerCase());
  for (let n = 1; ; n += 1) {
    const suffix = archiveSuffix(n);
    const names = {
      username: username === null ? null : `${username}${suffix}`,
      email: email === null ? null : `${email}${suffix}`,
      suffix,
    };
    if (free(names.username) && free(names.email)) return names;
  }
}
