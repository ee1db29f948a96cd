/** apigatewayv2's SDK names members in PascalCase while the wire (and our manifests) use camelCase. */

export function toPascalMembers(value: unknown): unknown {
  return renameKeys(value, (key) => key.charAt(0).toUpperCase() + key.slice(1));
}

export function toCamelMembers(value: unknown): unknown {
  return renameKeys(value, (key) => key.charAt(0).toLowerCase() + key.slice(1));
}

function renameKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((entry) => renameKeys(entry, rename));
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, entry]) => entry !== undefined)
      .map(([key, entry]) => [rename(key), renameKeys(entry, rename)]),
  );
}
