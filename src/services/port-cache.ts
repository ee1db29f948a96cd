import type { ApiSummary, AuthorizerPort } from '../aws/ports.js';
import type { AwsAccess } from './access.js';
import type { Family } from '../families/registry.js';

/** One port per family and region, and one API listing per family and region, shared by every document. */
export class PortCache {
  private readonly ports = new Map<string, Promise<AuthorizerPort>>();
  private readonly listings = new Map<string, Promise<ApiSummary[]>>();

  constructor(private readonly aws: AwsAccess) {}

  get(family: Family, region: string): Promise<AuthorizerPort> {
    return memo(this.ports, `${family.id}:${region}`, () => this.aws.port(family, region));
  }

  apiListing(family: Family, region: string): () => Promise<ApiSummary[]> {
    return () => memo(this.listings, `${family.id}:${region}`, async () => (await this.get(family, region)).listApis());
  }
}

function memo<T>(cache: Map<string, Promise<T>>, key: string, build: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (!value) {
    value = build();
    cache.set(key, value);
  }
  return value;
}
