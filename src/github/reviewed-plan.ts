/**
 * Finds the digest of the plan reviewed on a pull request: plan.yml's comment carries it in the
 * hidden marker written by `renderPlanMarkdown` (`<!-- gatewarden:plan-digest env=ENV sha256:… -->`).
 */

const MARKER = /<!-- gatewarden:plan-digest (?:env=([A-Za-z0-9:_.-]+) )?(sha256:[0-9a-f]{64}) -->/g;

/** The newest digest for the environment (comments are edited in place, so the last one wins). */
export function findReviewedDigest(commentBodies: readonly string[], environment: string): string | undefined {
  let found: string | undefined;
  for (const body of commentBodies) {
    for (const match of body.matchAll(MARKER)) {
      if ((match[1] ?? '') === environment) found = match[2];
    }
  }
  return found;
}
