/** `a`, `a or b`, `a, b or c`: the way messages and schema descriptions list alternatives. */
export function listOf(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
