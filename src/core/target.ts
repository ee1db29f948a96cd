/**
 * `--target API`: which APIs a run is limited to, as Terraform's -target limits it to resources.
 * A pattern names an API by name, id or manifest label, and may be a glob (`legacy-*`).
 */
import picomatch from 'picomatch';
import type { ApiTarget } from './model.js';

export interface TargetFilter {
  /** The patterns as given, for the plan header. */
  readonly patterns: readonly string[];
  readonly matches: (target: Pick<ApiTarget, 'apiId' | 'apiName' | 'label'>) => boolean;
  /** The patterns that matched none of `targets`: almost always a typo. */
  readonly unmatched: (targets: readonly Pick<ApiTarget, 'apiId' | 'apiName' | 'label'>[]) => string[];
}

export function targetFilter(patterns: readonly string[]): TargetFilter {
  const matchers = patterns.map((pattern) => ({ pattern, test: picomatch(pattern, { dot: true }) }));
  const names = (target: Pick<ApiTarget, 'apiId' | 'apiName' | 'label'>) =>
    [target.apiName, target.apiId, ...(target.label === undefined ? [] : [target.label])];
  // Never pass a picomatch matcher as a callback: its second argument makes it return a (truthy) object.
  const hits = (test: (name: string) => boolean, target: Pick<ApiTarget, 'apiId' | 'apiName' | 'label'>) => names(target).some((name) => test(name));
  return {
    patterns,
    matches: (target) => matchers.some(({ test }) => hits(test, target)),
    unmatched: (targets) => matchers.filter(({ test }) => !targets.some((target) => hits(test, target))).map(({ pattern }) => pattern),
  };
}
