/**
 * STS's awsQuery wire (docs/aws-behaviour.md#sts): a form-encoded POST to `/` naming the `Action`,
 * answered in XML, errors as `<ErrorResponse>`. Shares the emulator's endpoint with API Gateway's
 * restJson1 routes, which never POST to `/`.
 */
import { randomUUID } from 'node:crypto';
import type { WireRequest, WireResponse } from './wire.js';
import { StsError, type IdentityStore } from './sts.js';

const NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** An STS request: a POST to `/` with a form body. */
export function isStsRequest(request: WireRequest): boolean {
  const type = String(request.headers['content-type'] ?? '');
  return request.method === 'POST' && new URL(request.url, 'http://emulator').pathname === '/' && type.startsWith('application/x-www-form-urlencoded');
}

export function serveSts(identity: IdentityStore, request: WireRequest): WireResponse {
  const form = new URLSearchParams(request.body);
  const action = form.get('Action') ?? '';
  const accessKeyId = accessKeyOf(request);
  try {
    switch (action) {
      case 'GetCallerIdentity':
        return answer(action, identity.getCallerIdentity(accessKeyId));
      case 'AssumeRole':
        return answer(
          action,
          identity.assumeRole(
            {
              ...optional('RoleArn', form.get('RoleArn')),
              ...optional('RoleSessionName', form.get('RoleSessionName')),
              ...optional('DurationSeconds', form.get('DurationSeconds')),
            },
            accessKeyId,
          ),
        );
      default:
        throw new StsError('InvalidAction', 400, `Could not find operation ${action} for version ${form.get('Version') ?? ''}`);
    }
  } catch (error) {
    if (!(error instanceof StsError)) throw error;
    const body = `<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>Sender</Type><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
    return { status: error.status, headers: { 'content-type': 'text/xml' }, body };
  }
}

function optional(key: string, value: string | null): Record<string, string> {
  return value === null ? {} : { [key]: value };
}

/** The access key of the SigV4 credential scope; signatures are not checked. */
function accessKeyOf(request: WireRequest): string | undefined {
  return /Credential=([^/,\s]+)\//.exec(request.headers.authorization ?? '')?.[1];
}

function answer(action: string, result: object): WireResponse {
  const body =
    `<${action}Response xmlns="${NAMESPACE}"><${action}Result>${toXml(result)}</${action}Result>` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`;
  return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-RequestId': randomUUID() }, body };
}

function toXml(value: object): string {
  return Object.entries(value)
    .map(([key, member]: [string, unknown]) => {
      const inner = member instanceof Date ? member.toISOString() : typeof member === 'object' && member !== null ? toXml(member) : escapeXml(String(member));
      return `<${key}>${inner}</${key}>`;
    })
    .join('');
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
