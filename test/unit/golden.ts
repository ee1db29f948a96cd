/**
 * What every golden-file loop shares. A case is a folder under test/golden/<kind>/ holding its input
 * and its expected output; `UPDATE_GOLDEN=1 npx vitest run <test file>` rewrites the expected files
 * (review the diff before committing). A missing expected file fails, so a new case is never
 * silently accepted.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

export const GOLDEN_ROOT = join(import.meta.dirname, '..', 'golden');

export interface GoldenCase {
  readonly name: string;
  readonly folder: string;
}

/** The case folders of one kind, sorted. */
export function goldenCases(kind: string): GoldenCase[] {
  const root = join(GOLDEN_ROOT, kind);
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ name: entry.name, folder: join(root, entry.name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function readGoldenJson<T>(folder: string, file: string): T {
  return JSON.parse(readFileSync(join(folder, file), 'utf8')) as T;
}

export function expectGolden(file: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
  expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

/** JSON as the golden files hold it: two-space indent and a final newline. */
export function goldenJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
