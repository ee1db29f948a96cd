/**
 * Name globs for `spec.prune.keep`: `*` matches any run of characters (none included), `?` exactly
 * one, every other character itself; the whole name must match, case-sensitively as AWS compares
 * names. Ten lines serve where a glob library's paths, braces and classes have no meaning for names.
 */

/** Characters other glob dialects give a meaning that this one does not: refused, so that no pattern silently means something else. */
export const RESERVED_GLOB_CHARACTERS = ['[', ']', '{', '}', '\\', '!'] as const;

export function matchesGlob(glob: string, name: string): boolean {
  // Iterative, with one backtrack point per `*`: linear enough for 128-character names, and no regex to escape.
  let g = 0;
  let n = 0;
  let star = -1;
  let resume = 0;
  while (n < name.length) {
    if (g < glob.length && glob[g] === '*') {
      star = g;
      resume = n;
      g += 1;
    } else if (g < glob.length && (glob[g] === '?' || glob[g] === name[n])) {
      g += 1;
      n += 1;
    } else if (star >= 0) {
      g = star + 1;
      resume += 1;
      n = resume;
    } else {
      return false;
    }
  }
  while (g < glob.length && glob[g] === '*') g += 1;
  return g === glob.length;
}
