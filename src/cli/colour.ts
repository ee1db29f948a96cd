/**
 * Whether output is coloured: on for a terminal, off for pipes and files, so CI logs carry no escape
 * codes (Terraform colours pipes too unless told -no-color: hashicorp/terraform#15264); `--no-color`
 * and NO_COLOR (https://no-color.org) turn it off, FORCE_COLOR on.
 */
import picocolors from 'picocolors';
import { plainStyle, type Style } from '../render/style.js';

export interface ColourSettings {
  readonly noColorFlag: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly isTTY: boolean;
}

export function colourEnabled({ noColorFlag, env, isTTY }: ColourSettings): boolean {
  if (noColorFlag) return false;
  // NO_COLOR: "when present and not an empty string", whatever its value.
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  // FORCE_COLOR=0 / false is the common spelling of "force off" (Node, chalk, supports-color).
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

export function terminalStyle(enabled: boolean): Style {
  if (!enabled) return plainStyle;
  const colours = picocolors.createColors(true);
  return { add: colours.green, change: colours.yellow, remove: colours.red, bold: colours.bold, dim: colours.dim };
}
