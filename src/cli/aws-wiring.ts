/**
 * From the AWS flags and an environment to the real AWS behind the services' seam: the clients'
 * settings, and their lifetime around one piece of work.
 */
import { AwsClients, type AwsSettings } from '../aws/clients.js';
import { sdkAccess, type AwsAccess } from '../services/access.js';
import { DEFAULT_TIMEOUTS, type PacingWait } from '../aws/resilience.js';
import { roleSessionName, type Environment } from '../core/environment.js';
import { UsageError } from '../errors.js';
import type { AwsFlagValues } from './flags.js';

/** An environment's role is assumed by every client; its region is the default after --region. */
export function awsSettings(flags: AwsFlagValues, environment: Environment | undefined, onWait: (wait: PacingWait) => void): AwsSettings {
  const region = flags.region ?? environment?.region;
  const requestMs = flags['aws-timeout-ms'];
  return {
    ...(flags['endpoint-url'] ? { endpointUrl: checkEndpointUrl(flags['endpoint-url']) } : {}),
    ...(region ? { region } : {}),
    ...(flags.profile ? { profile: flags.profile } : {}),
    ...(environment?.roleArn ? { assumeRole: { roleArn: environment.roleArn, sessionName: roleSessionName(environment) } } : {}),
    resilience: {
      timeouts: { connectMs: Math.min(DEFAULT_TIMEOUTS.connectMs, requestMs), requestMs },
      ...(flags['max-rps'] === undefined ? {} : { maxRps: flags['max-rps'] }),
      onWait,
    },
  };
}

/** Runs `work` with the real AWS, and closes the clients' sockets after. */
export async function withAwsClients<T>(settings: AwsSettings, env: NodeJS.ProcessEnv, work: (aws: AwsAccess) => Promise<T>): Promise<T> {
  const clients = new AwsClients(settings, env);
  try {
    return await work(sdkAccess(clients));
  } finally {
    clients.destroy();
  }
}

/**
 * The SDK reports a URL without a scheme ("127.0.0.1:4567") deep inside a call as "Invalid URL";
 * caught here, the message names the flag. `new URL` alone would read "127.0.0.1:" as a scheme.
 */
export function checkEndpointUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw new UsageError('ENDPOINT_URL_INVALID', `--endpoint-url: expected an http:// or https:// URL, found ${JSON.stringify(value)}.`, {
      hint: 'For example: --endpoint-url http://127.0.0.1:4567',
    });
  }
  return value;
}
