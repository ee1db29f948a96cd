/**
 * An answer that is not AWS's: an HTML page from a proxy, a load balancer, or an endpoint that is not
 * API Gateway at all. The SDK fails to parse it and throws the parser's error (a `SyntaxError` with
 * "Unexpected token '<'"), with the HTTP status in `$metadata.httpStatusCode` and the response in the
 * hidden `$response`, whose body stream it has already read by then (docs/aws-behaviour.md#answers-that-are-not-from-aws).
 * `keepAnswerBodies` keeps such a body readable for the message; `unreadableAnswer` tells such a
 * failure from AWS's own errors and says what it shows. Neither changes the error the SDK's retry
 * strategy sees, so a 5xx page is retried and a 4xx page is not, as before.
 */
import type { DeserializeHandler, DeserializeHandlerArguments } from '@smithy/types';
import type { MiddlewareHost } from './sdk-service.js';

/** The most of the body's first line a message quotes. */
export const QUOTED_LINE_LENGTH = 120;

interface ResponseLike {
  statusCode: number;
  headers: Record<string, string | undefined>;
  body: unknown;
}

function isResponse(value: unknown): value is ResponseLike {
  return typeof value === 'object' && value !== null && typeof (value as ResponseLike).statusCode === 'number' && typeof (value as ResponseLike).headers === 'object';
}

function headerOf(headers: ResponseLike['headers'], name: string): string | undefined {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

/** Whether the SDK may fail to read this answer: an error status (its body is AWS's JSON error, or a page), or a body that is not JSON. */
function mayBeUnreadable(response: ResponseLike): boolean {
  return response.statusCode >= 300 || !/json/i.test(headerOf(response.headers, 'content-type') ?? '');
}

/**
 * Reads such an answer's body into bytes before the SDK's deserializer does, which reads bytes as it
 * reads a stream; the error it throws then carries the bytes in `$response.body`. Inside the
 * deserializer (the deserialize step's last middleware), below the retry middleware.
 */
export function keepAnswerBodies(client: MiddlewareHost): void {
  client.middlewareStack.add(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see MiddlewareHost
    (next: DeserializeHandler<any, any>) => async (args: DeserializeHandlerArguments<any>) => {
      const result = await next(args);
      const response: unknown = result.response;
      if (isResponse(response) && mayBeUnreadable(response) && isAsyncIterable(response.body)) {
        const chunks: Uint8Array[] = [];
        for await (const chunk of response.body) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array));
        response.body = Buffer.concat(chunks);
      }
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'gatewardenKeepAnswerBody' },
  );
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

export interface UnreadableAnswer {
  readonly status: number;
  readonly contentType: string | undefined;
  /** The body's first non-blank line, trimmed and cut to QUOTED_LINE_LENGTH; '' for an empty body; undefined when the body was not kept. */
  readonly firstLine: string | undefined;
}

/**
 * What an answer the SDK could not read shows, or undefined for every other failure. AWS's errors,
 * modelled or not, carry `$fault`; a failure to deserialize carries only the raw response. An HTML
 * page is never AWS's, even where the SDK made an error of it: STS's XML parser reads a page as XML
 * and names the error after the status (`NotFound`, message `Unknown`).
 */
export function unreadableAnswer(error: unknown): UnreadableAnswer | undefined {
  if (!(error instanceof Error)) return undefined;
  const response: unknown = (error as { $response?: unknown }).$response;
  if (!isResponse(response)) return undefined;
  const contentType = headerOf(response.headers, 'content-type');
  if ((error as { $fault?: unknown }).$fault !== undefined && !/html/i.test(contentType ?? '')) return undefined;
  return { status: response.statusCode, contentType, firstLine: firstLineOf(response.body) };
}

function firstLineOf(body: unknown): string | undefined {
  const text = typeof body === 'string' ? body : body instanceof Uint8Array ? Buffer.from(body).toString('utf8') : undefined;
  if (text === undefined) return undefined;
  const line = text.split(/\r?\n/).map((candidate) => candidate.trim()).find((candidate) => candidate !== '') ?? '';
  return line.length > QUOTED_LINE_LENGTH ? `${line.slice(0, QUOTED_LINE_LENGTH - 1)}…` : line;
}

/** The message's description of the answer: `HTTP 404, text/html, body "<html>"`. */
export function describeAnswer(answer: UnreadableAnswer): string {
  const body = answer.firstLine === undefined ? undefined : answer.firstLine === '' ? 'an empty body' : `body ${JSON.stringify(answer.firstLine)}`;
  return [`HTTP ${answer.status}`, answer.contentType === undefined ? 'no content type' : `content type ${answer.contentType}`, body]
    .filter((part) => part !== undefined)
    .join(', ');
}

/** What such an answer usually means, by its status; `service` is who should have answered ("API Gateway", "STS"). */
export function meaningOf(answer: UnreadableAnswer, service: string): string {
  if (answer.status >= 500) {
    return `Usually a proxy or load balancer in front of ${service} failed, or the endpoint is not ${service}; the call was retried like any 5xx. Run the command again later, or check --endpoint-url.`;
  }
  return `Usually the endpoint is not ${service}: check --endpoint-url and the AWS_ENDPOINT_URL variables.`;
}
