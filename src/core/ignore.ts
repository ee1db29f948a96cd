/**
 * `.gatewardenignore`: which APIs, authorizers or fields drift detection leaves out.
 *
 * One pattern a line, `#` starts a comment:
 *   API                      every authorizer of the API
 *   API/AUTHORIZER           one authorizer
 *   API/AUTHORIZER/FIELD     one field (a dotted member path such as jwtConfiguration.audience)
 * API matches the API's name or id; each segment is a glob (`*`, `?`, `{a,b}`).
 */
import picomatch from 'picomatch';
import type { ApiTarget } from './model.js';

export interface IgnoreRules {
  ignoresApi(target: ApiTarget): boolean;
  ignoresAuthorizer(target: ApiTarget, authorizer: string): boolean;
  ignoresField(target: ApiTarget, authorizer: string, field: string): boolean;
}

export interface IgnoreProblem {
  readonly line: number;
  readonly message: string;
}

type Matcher = (value: string) => boolean;

interface Pattern {
  readonly api: Matcher;
  readonly authorizer?: Matcher;
  readonly field?: Matcher;
}

export const ignoreNothing: IgnoreRules = {
  ignoresApi: () => false,
  ignoresAuthorizer: () => false,
  ignoresField: () => false,
};

export function parseIgnoreFile(text: string): { rules: IgnoreRules; problems: IgnoreProblem[] } {
  const patterns: Pattern[] = [];
  const problems: IgnoreProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') return;
    const segments = line.split('/');
    if (segments.length > 3 || segments.some((segment) => segment === '')) {
      problems.push({ line: index + 1, message: `expected API, API/AUTHORIZER or API/AUTHORIZER/FIELD, found "${line}"` });
      return;
    }
    const [api, authorizer, field] = segments.map((segment) => picomatch(segment, { dot: true }));
    patterns.push({ api: api as Matcher, ...(authorizer ? { authorizer } : {}), ...(field ? { field } : {}) });
  });
  return { rules: rulesFrom(patterns), problems };
}

function rulesFrom(patterns: readonly Pattern[]): IgnoreRules {
  const apiMatches = (pattern: Pattern, target: ApiTarget) => pattern.api(target.apiName) || pattern.api(target.apiId);
  return {
    ignoresApi: (target) => patterns.some((pattern) => !pattern.authorizer && apiMatches(pattern, target)),
    ignoresAuthorizer: (target, authorizer) =>
      patterns.some(
        (pattern) => apiMatches(pattern, target) && (!pattern.authorizer || (!pattern.field && pattern.authorizer(authorizer))),
      ),
    ignoresField: (target, authorizer, field) =>
      patterns.some(
        (pattern) =>
          apiMatches(pattern, target) &&
          (!pattern.authorizer || pattern.authorizer(authorizer)) &&
          (!pattern.field || pattern.field(field)),
      ),
  };
}
