/**
 * STS GetCallerIdentity for the account guard. STS is not an API family (it serves no authorizers), so
 * it lives here beside the clients rather than in src/families; its SDK is loaded only when an
 * environment is given, so runs without one never load it or call STS.
 */
import { STS_SERVICE, type AwsClients } from './clients.js';
import { AwsError } from '../errors.js';
import { callAws } from './errors.js';
import { keepAnswerBodies } from './unreadable-answer.js';
import type { CallerIdentity } from './ports.js';

export async function callerIdentity(clients: AwsClients): Promise<CallerIdentity> {
  const { GetCallerIdentityCommand, STSClient } = await import('@aws-sdk/client-sts');
  const region = await clients.defaultRegion().catch(() => 'us-east-1');
  const client = new STSClient(clients.configFor(STS_SERVICE, region));
  keepAnswerBodies(client);
  const source = clients.credentialSource();
  const { roleArn } = clients.settings.assumeRole ?? {};
  // GetCallerIdentity itself needs no permission; a refusal here is the role's trust policy (sts:AssumeRole).
  const call = roleArn
    ? { operation: 'AssumeRole', iamAction: 'sts:AssumeRole', resource: roleArn }
    : { operation: 'GetCallerIdentity', iamAction: 'sts:GetCallerIdentity', resource: '*' };
  try {
    const answer = await callAws(call, () => client.send(new GetCallerIdentityCommand({})));
    if (!answer.Account || !answer.Arn) throw new AwsError('AWS_InvalidResponse', 'GetCallerIdentity answered without an account or ARN.');
    return { account: answer.Account, arn: answer.Arn, source };
  } finally {
    client.destroy();
  }
}
