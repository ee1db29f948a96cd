/** The emulator's STS: identities per access key, AssumeRole's checks, and the awsQuery wire. */
import { describe, expect, it } from 'vitest';
import { createManualClock, EmulatorStore, serveRequest, StsError } from '../../src/emulator/index.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
const signedBy = (key: string) => ({ ...FORM, authorization: `AWS4-HMAC-SHA256 Credential=${key}/20240101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=x` });
const ROLE = 'arn:aws:iam::222222222222:role/team/gatewarden-plan';

describe("the emulator's STS", () => {
  it('reports the store account for any key, and the role account for a key AssumeRole issued, until it expires', () => {
    const clock = createManualClock('2024-01-01T00:00:00Z');
    const store = new EmulatorStore({ now: clock.now, accountId: '111111111111' });
    expect(store.identity.getCallerIdentity('AKIDEXAMPLE')).toEqual({
      Account: '111111111111',
      Arn: 'arn:aws:iam::111111111111:user/gatewarden-emulator',
      UserId: 'AIDAEMULATOREXAMPLE',
    });
    const assumed = store.identity.assumeRole({ RoleArn: ROLE, RoleSessionName: 'gatewarden-prod', DurationSeconds: '900' }, 'AKIDEXAMPLE');
    expect(assumed.AssumedRoleUser.Arn).toBe('arn:aws:sts::222222222222:assumed-role/gatewarden-plan/gatewarden-prod');
    expect(assumed.Credentials.Expiration).toEqual(new Date('2024-01-01T00:15:00Z'));
    expect(store.identity.getCallerIdentity(assumed.Credentials.AccessKeyId)).toMatchObject({ Account: '222222222222', Arn: assumed.AssumedRoleUser.Arn });
    clock.advance(900_000);
    expect(() => store.identity.getCallerIdentity(assumed.Credentials.AccessKeyId)).toThrow(StsError);
    expect(store.identity.calls.map((call) => [call.action, call.error])).toEqual([
      ['GetCallerIdentity', undefined],
      ['AssumeRole', undefined],
      ['GetCallerIdentity', undefined],
      ['GetCallerIdentity', 'ExpiredToken'],
    ]);
    expect(store.calls).toEqual([]);
  });

  it('refuses a malformed role ARN or session name, and a role it was told to refuse', () => {
    const store = new EmulatorStore();
    expect(() => store.identity.assumeRole({ RoleArn: 'arn:aws:iam::1:role/x', RoleSessionName: 'ok-name' }, undefined)).toThrow(/roleArn/);
    expect(() => store.identity.assumeRole({ RoleArn: ROLE, RoleSessionName: 'bad name' }, undefined)).toThrow(/roleSessionName/);
    store.identity.refuseRole(ROLE);
    expect(() => store.identity.assumeRole({ RoleArn: ROLE, RoleSessionName: 'gatewarden-prod' }, undefined)).toThrow(
      'User: arn:aws:iam::123456789012:user/gatewarden-emulator is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/team/gatewarden-plan',
    );
  });

  it('speaks awsQuery on POST /: XML results, XML errors, and the seed sets the account', () => {
    const store = new EmulatorStore({ seed: { account: '333333333333', apis: [] } });
    // serveRequest answers every call but an injected hang.
    const serve = (request: Parameters<typeof serveRequest>[1]) => serveRequest(store, request) ?? expect.unreachable('no answer');
    const identity = serve({ method: 'POST', url: '/', headers: signedBy('AKID'), body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    expect(identity.status).toBe(200);
    expect(identity.body).toMatch(
      /^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><GetCallerIdentityResult><Account>333333333333<\/Account><Arn>arn:aws:iam::333333333333:user\/gatewarden-emulator<\/Arn>/,
    );
    const unknown = serve({ method: 'POST', url: '/', headers: FORM, body: 'Action=GetSessionToken&Version=2011-06-15' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toContain('<Error><Type>Sender</Type><Code>InvalidAction</Code>');
    // API Gateway's routes are untouched.
    expect(serve({ method: 'GET', url: '/v2/apis', headers: {}, body: '' }).status).toBe(200);
  });
});
