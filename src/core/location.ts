/** `file:line:col`, the one form every located message uses (manifests, seeds, live reads). */
import type { SourceLocation } from './model.js';

export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.col}`;
}
