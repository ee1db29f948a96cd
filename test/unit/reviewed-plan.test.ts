import { describe, expect, it } from 'vitest';
import { findReviewedDigest } from '../../src/github/reviewed-plan.js';
import { planDigestMarker, renderPlanMarkdown } from '../../src/render/markdown.js';

const digest = (char: string) => `sha256:${char.repeat(64)}`;

describe('findReviewedDigest', () => {
  it('reads the digest the plan comment carries for the environment', () => {
    const comment = renderPlanMarkdown({ apis: [] }, { environment: 'production', digest: digest('a') });
    const other = renderPlanMarkdown({ apis: [] }, { environment: 'staging', digest: digest('b') });
    expect(findReviewedDigest(['LGTM', other, comment], 'production')).toBe(digest('a'));
    expect(findReviewedDigest([other, comment], 'staging')).toBe(digest('b'));
  });

  it('takes the newest comment, and finds nothing for an environment without a plan', () => {
    const bodies = [planDigestMarker(digest('1'), 'prod'), planDigestMarker(digest('2'), 'prod')];
    expect(findReviewedDigest(bodies, 'prod')).toBe(digest('2'));
    expect(findReviewedDigest(bodies, 'staging')).toBeUndefined();
  });

  it('cannot be fooled by a marker that breaks out of the comment', () => {
    const marker = planDigestMarker(`${digest('c')} --> <script>`, 'prod --> x');
    expect(marker).not.toContain('<script>');
    expect(marker.match(/-->/g)).toHaveLength(1);
  });
});
