/** `file:line:col`, the one form every located message uses (manifests, seeds, live reads). */

/** Where a piece of a manifest came from, for `file:line:col` messages. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.col}`;
}
