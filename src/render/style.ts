/**
 * How renderers mark up text: the Terraform colours (green add, yellow change, red destroy, bold
 * headers). Renderers stay pure and take a `Style`; the command decides whether it colours (see
 * cli/colour.ts), so golden files and pipes see `plainStyle`.
 */
export interface Style {
  /** `+`: created, added. */
  readonly add: (text: string) => string;
  /** `~`: changed in place. */
  readonly change: (text: string) => string;
  /** `-` and `-/+`: removed, replaced. */
  readonly remove: (text: string) => string;
  /** Headers and summary lines. */
  readonly bold: (text: string) => string;
  /** Comments and notes (`# (3 unchanged attributes hidden)`). */
  readonly dim: (text: string) => string;
}

const same = (text: string) => text;

export const plainStyle: Style = { add: same, change: same, remove: same, bold: same, dim: same };
