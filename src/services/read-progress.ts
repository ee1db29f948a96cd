/** Progress of a long read of live state, as `live.progress` events with an estimate of the calls left. */
import { AWS_REQUEST_RATE } from '../aws/resilience.js';
import type { DesiredApi } from '../core/model.js';
import type { OutputPort } from './output.js';

/**
 * The rate reads are expected to proceed at, for progress estimates: the pacer's default, AWS's
 * account quota (docs/aws-behaviour.md#quotas-and-throttling); `--max-rps` runs are slower.
 */
export const ASSUMED_REQUESTS_PER_SECOND = AWS_REQUEST_RATE.ratePerSecond;
/** Reads of fewer APIs finish in a few seconds at the quota: no progress events for them. */
export const LONG_READ_APIS = 10;

/**
 * Counts documents as they finish and emits `live.progress` for long reads. The calls left are
 * estimated per document, without the region listings by-name selection shares (a few per run).
 */
export function readProgress(
  documents: readonly DesiredApi[],
  output: OutputPort,
  callsGetApi: (document: DesiredApi) => boolean,
): (document: DesiredApi, apiName: string) => void {
  const total = documents.length;
  let done = 0;
  const estimate = (document: DesiredApi) => (callsGetApi(document) ? 1 : 0) + estimatedListingCalls(document);
  let remainingCalls = documents.reduce((sum, document) => sum + estimate(document), 0);
  return (document, apiName) => {
    done += 1;
    remainingCalls -= estimate(document);
    if (total < LONG_READ_APIS) return;
    output.emit({ code: 'live.progress', done, total, apiName, remainingCalls, requestsPerSecond: ASSUMED_REQUESTS_PER_SECOND });
  };
}

/** The listings `readDocument` reads for one document when each fits one page. */
function estimatedListingCalls(desired: DesiredApi): number {
  return 1 + (needsStages(desired) ? 1 : 0);
}

// Stages matter only to post-actions; skipping the listing saves a call per API against AWS's 10 requests/s quota.
export function needsStages(desired: DesiredApi): boolean {
  return desired.afterChange.resetCache.length + desired.afterChange.redeploy.length > 0;
}
