/** The checks seed files are read with: each part's allowed keys and how to check each value, as data. */
import { isPlainObject } from './params.js';

export type Path = readonly (string | number)[];
/** Whether an issue is about a mapping key (an unknown key) or about a value. */
export type Part = 'key' | 'value';
export type Report = (path: Path, message: string, part?: Part) => void;

export type Check = (value: unknown) => string | undefined;

export const text: Check = (value) => (typeof value === 'string' && value !== '' ? undefined : 'expected a non-empty string');
export const memberMaps: Check = (value) =>
  isPlainObject(value) && Object.values(value).every(isPlainObject) ? undefined : 'expected a mapping from authorizer names to members';
export const flag: Check = (value) => (typeof value === 'boolean' ? undefined : 'expected true or false');
export const pattern = (regex: RegExp, what: string): Check => (value) =>
  typeof value === 'string' && regex.test(value) ? undefined : `expected ${what}`;
export const oneOf = (values: readonly string[]): Check => (value) =>
  typeof value === 'string' && values.includes(value) ? undefined : `expected one of ${values.join(', ')}`;
export const stringMap: Check = (value) =>
  isPlainObject(value) && Object.values(value).every((item) => typeof item === 'string') ? undefined : 'expected a map of strings';
export const stringList: Check = (value) =>
  Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '') ? undefined : 'expected a list of non-empty strings';
export const anything: Check = () => undefined;

export function checkList(value: unknown, path: Path, report: Report, each: (item: Record<string, unknown>, at: Path) => void): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) return report(path, 'expected a list');
  value.forEach((item, index) => {
    if (isPlainObject(item)) each(item, [...path, index]);
    else report([...path, index], 'expected a mapping');
  });
}

export function checkKeys(value: Record<string, unknown>, allowed: Readonly<Record<string, Check>>, path: Path, report: Report): void {
  for (const [key, member] of Object.entries(value)) {
    const check = allowed[key];
    if (check === undefined) {
      report([...path, key], `unknown key; expected one of ${Object.keys(allowed).join(', ')}`, 'key');
      continue;
    }
    const problem = check(member);
    if (problem !== undefined) report([...path, key], problem);
  }
}

