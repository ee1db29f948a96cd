/**
 * Lambda's control plane as far as authorizers need it: GetFunction, and the function's resource-based
 * policy through GetPolicy, AddPermission and RemovePermission (docs/aws-behaviour.md#lambda). Errors,
 * their texts and the statement AddPermission writes follow what AWS answers.
 */
import { LAMBDA_POLICY_LIMIT_BYTES } from '../core/checks/lambda-permission.js';
import { compact, type Handler, type OperationContext } from './context.js';
import { EmulatorError } from './errors.js';
import { LATEST, type LambdaFunctionState } from './lambda-state.js';
import { functionArn, invalidParameter, isVersion, lambdaNotFound, lambdaValidation, policyLengthExceeded, preconditionFailed, readFunctionName, resourceConflict, type FunctionLocator } from './lambda-names.js';
import { isPlainObject, label, optionalString, type Params } from './params.js';


const STATEMENT_ID = /^[a-zA-Z0-9-_]{1,100}$/;
const NO_SUCH_RESOURCE = 'The resource you requested does not exist.';

interface Located {
  readonly fn: LambdaFunctionState;
  /** `$LATEST`, a version or an alias. */
  readonly key: string;
  readonly arn: string;
}

type NotFoundTexts = { readonly function: (arn: string) => string; readonly alias: (arn: string) => string; readonly version: (arn: string) => string };

const FUNCTION_NOT_FOUND = (arn: string): string => `Function not found: ${arn}`;
/** GetFunction says "Function not found" for a missing alias too; the permission calls name it. */
const GET_FUNCTION_TEXTS: NotFoundTexts = { function: FUNCTION_NOT_FOUND, alias: FUNCTION_NOT_FOUND, version: FUNCTION_NOT_FOUND };
const PERMISSION_TEXTS: NotFoundTexts = { function: FUNCTION_NOT_FOUND, alias: (arn) => `Cannot find alias arn: ${arn}`, version: FUNCTION_NOT_FOUND };
const REMOVE_TEXTS: NotFoundTexts = { ...PERMISSION_TEXTS, function: (arn) => `No policy found for: ${arn}` };

function locate(ctx: OperationContext, params: Params, input: string, texts: NotFoundTexts): Located {
  const qualifier = optionalString(params, 'Qualifier', input, (value, member) => lambdaValidation(value, member, 'Member must be a string'));
  const locator = readFunctionName(label(params, 'FunctionName'), qualifier);
  const unqualified = functionArn(ctx.region, ctx.accountId, locator.name);
  if (locator.region !== undefined && locator.region !== ctx.region) {
    throw lambdaNotFound(`Functions from '${locator.region}' are not reachable in this region ('${ctx.region}')`);
  }
  const fn = locator.account === undefined || locator.account === ctx.accountId ? ctx.state.functions.get(locator.name) : undefined;
  if (fn === undefined) throw lambdaNotFound(texts.function(unqualified));
  return { fn, key: resolveQualifier(fn, locator, `${unqualified}:${locator.qualifier ?? ''}`, texts), arn: locator.qualifier === undefined ? unqualified : `${unqualified}:${locator.qualifier}` };
}

function resolveQualifier(fn: LambdaFunctionState, locator: FunctionLocator, qualifiedArn: string, texts: NotFoundTexts): string {
  const qualifier = locator.qualifier;
  if (qualifier === undefined) return LATEST;
  if (isVersion(qualifier)) {
    if (!fn.versions.has(qualifier)) throw lambdaNotFound(texts.version(qualifiedArn));
  } else if (!fn.aliases.has(qualifier)) {
    throw lambdaNotFound(texts.alias(qualifiedArn));
  }
  return qualifier;
}

function revisionOf(fn: LambdaFunctionState, key: string): string {
  return fn.aliases.get(key)?.revisionId ?? fn.versions.get(key)?.revisionId ?? '';
}

/** A policy change gives the version or alias a new revision, as on AWS. */
function bumpRevision(ctx: OperationContext, fn: LambdaFunctionState, key: string): void {
  const revisionId = newRevisionId(ctx);
  const alias = fn.aliases.get(key);
  if (alias !== undefined) fn.aliases.set(key, { ...alias, revisionId });
  const version = fn.versions.get(key);
  if (version !== undefined) fn.versions.set(key, { ...version, revisionId });
}

/** UUID-shaped, from the store's id generator so runs are reproducible. */
export function newRevisionId(ctx: Pick<OperationContext, 'newId'>): string {
  return [8, 4, 4, 4, 12].map((length) => ctx.newId(length)).join('-');
}

const getFunction: Handler<Params, object> = (ctx, params) => {
  const { fn, key, arn } = locate(ctx, params, 'getFunctionInput', GET_FUNCTION_TEXTS);
  const version = fn.versions.get(fn.aliases.get(key)?.functionVersion ?? key);
  return {
    Configuration: {
      FunctionName: fn.name,
      FunctionArn: arn,
      Runtime: fn.runtime,
      Role: fn.role,
      Handler: fn.handler,
      CodeSize: 304,
      Description: '',
      Timeout: 3,
      MemorySize: 128,
      LastModified: version?.lastModified,
      CodeSha256: 'ZW11bGF0b3ItY29kZS1zaGEyNTYtcGxhY2Vob2xkZXI=',
      Version: version?.version,
      TracingConfig: { Mode: 'PassThrough' },
      RevisionId: revisionOf(fn, key),
      State: 'Active',
      LastUpdateStatus: 'Successful',
      PackageType: 'Zip',
      Architectures: ['x86_64'],
    },
    Code: { RepositoryType: 'S3', Location: `https://awslambda-${ctx.region}-tasks.s3.${ctx.region}.amazonaws.com/snapshots/${ctx.accountId}/${fn.name}` },
  };
};

const getPolicy: Handler<Params, object> = (ctx, params) => {
  let located: Located;
  try {
    located = locate(ctx, params, 'getPolicyInput', PERMISSION_TEXTS);
  } catch (error) {
    // GetPolicy answers one text whatever is missing: the function, its qualifier or the policy.
    if (error instanceof EmulatorError && error.code === 'ResourceNotFoundException') throw lambdaNotFound(NO_SUCH_RESOURCE);
    throw error;
  }
  const policy = located.fn.policies.get(located.key);
  if (policy === undefined) throw lambdaNotFound(NO_SUCH_RESOURCE);
  return { Policy: policy, RevisionId: revisionOf(located.fn, located.key) };
};

const addPermission: Handler<Params, object> = (ctx, params) => {
  const input = 'addPermissionInput';
  const read = (key: string) => optionalString(params, key, input, (value, member) => lambdaValidation(value, member, 'Member must be a string'));
  const required = (key: string): string => {
    const value = read(key);
    if (value === undefined) throw lambdaValidation(undefined, key.charAt(0).toLowerCase() + key.slice(1), 'Member must not be null');
    return value;
  };
  const [statementId, action, principal] = [required('StatementId'), required('Action'), required('Principal')];
  if (read('Qualifier') === '$LATEST' || /:\$LATEST$/.test(label(params, 'FunctionName'))) {
    throw invalidParameter('We currently do not support adding policies for $LATEST.');
  }
  const { fn, key, arn } = locate(ctx, params, input, PERMISSION_TEXTS);
  const revision = read('RevisionId');
  if (revision !== undefined && revision !== revisionOf(fn, key)) throw preconditionFailed('GetPolicy');
  if (!STATEMENT_ID.test(statementId)) {
    throw lambdaValidation(statementId, 'statementId', 'Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)');
  }
  const document = policyDocument(fn.policies.get(key));
  if (document.Statement.some((statement) => isPlainObject(statement) && statement.Sid === statementId)) {
    throw resourceConflict(`The statement id (${statementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`);
  }
  const statement = buildStatement({ statementId, action, principal, resource: arn, sourceArn: read('SourceArn'), sourceAccount: read('SourceAccount'), principalOrgId: read('PrincipalOrgID'), eventSourceToken: read('EventSourceToken'), functionUrlAuthType: read('FunctionUrlAuthType') });
  const text = JSON.stringify({ ...document, Statement: [...document.Statement, statement] });
  const size = Buffer.byteLength(text, 'utf8');
  if (size > LAMBDA_POLICY_LIMIT_BYTES) throw policyLengthExceeded(size, LAMBDA_POLICY_LIMIT_BYTES);
  fn.policies.set(key, text);
  bumpRevision(ctx, fn, key);
  return { Statement: JSON.stringify(statement) };
};

const removePermission: Handler<Params, undefined> = (ctx, params) => {
  const statementId = label(params, 'StatementId');
  const { fn, key } = locate(ctx, params, 'removePermissionInput', REMOVE_TEXTS);
  const text = fn.policies.get(key);
  if (text === undefined) throw lambdaNotFound('No policy is associated with the given resource.');
  const document = readableDocument(text);
  const kept = document?.Statement.filter((statement) => !(isPlainObject(statement) && statement.Sid === statementId));
  if (document === undefined || kept === undefined || kept.length === document.Statement.length) {
    throw lambdaNotFound(`Statement ${statementId} is not found in resource policy.`);
  }
  const revision = optionalString(params, 'RevisionId', 'removePermissionInput');
  if (revision !== undefined && revision !== revisionOf(fn, key)) throw preconditionFailed('GetFunction/GetAlias');
  // The last statement takes the policy with it: GetPolicy then finds none.
  if (kept.length === 0) fn.policies.delete(key);
  else fn.policies.set(key, JSON.stringify({ ...document, Statement: kept }));
  bumpRevision(ctx, fn, key);
  return undefined;
};

interface PolicyDocument extends Record<string, unknown> {
  readonly Statement: readonly unknown[];
}

function readableDocument(text: string): PolicyDocument | undefined {
  try {
    const document: unknown = JSON.parse(text);
    return isPlainObject(document) && Array.isArray(document.Statement) ? (document as PolicyDocument) : undefined;
  } catch {
    return undefined;
  }
}

/** The policy a statement is added to; a seeded policy the emulator cannot extend is its own failure, not the caller's. */
function policyDocument(text: string | undefined): PolicyDocument {
  if (text === undefined) return { Version: '2012-10-17', Id: 'default', Statement: [] };
  const document = readableDocument(text);
  if (document === undefined) {
    throw new EmulatorError({ code: 'ServiceException', status: 500, message: 'The emulator cannot add a statement to a seeded policy that is not a JSON object with a Statement list', members: { Type: 'Service' }, messageKey: 'Message' });
  }
  return document;
}

interface StatementRequest {
  readonly statementId: string;
  readonly action: string;
  readonly principal: string;
  readonly resource: string;
  readonly sourceArn: string | undefined;
  readonly sourceAccount: string | undefined;
  readonly principalOrgId: string | undefined;
  readonly eventSourceToken: string | undefined;
  readonly functionUrlAuthType: string | undefined;
}

/** The statement as AWS writes it: members in this order, the principal's shape from its form, `SourceArn` as `ArnLike`. */
export function buildStatement(request: StatementRequest): Record<string, unknown> {
  const stringEquals = compact({
    'AWS:SourceAccount': request.sourceAccount,
    'lambda:FunctionUrlAuthType': request.functionUrlAuthType,
    'aws:PrincipalOrgID': request.principalOrgId,
    'lambda:EventSourceToken': request.eventSourceToken,
  });
  const condition = compact({
    StringEquals: Object.keys(stringEquals).length > 0 ? stringEquals : undefined,
    ArnLike: request.sourceArn === undefined ? undefined : { 'AWS:SourceArn': request.sourceArn },
  });
  return compact({
    Sid: request.statementId,
    Effect: 'Allow',
    Principal: principalOf(request.principal),
    Action: request.action,
    Resource: request.resource,
    Condition: Object.keys(condition).length > 0 ? condition : undefined,
  });
}

function principalOf(principal: string): unknown {
  if (principal === '*') return '*';
  if (principal.endsWith('.amazonaws.com')) return { Service: principal };
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:aws:iam::${principal}:root` };
  if (/^arn:aws[a-zA-Z-]*:iam::\d{12}:/.test(principal)) return { AWS: principal };
  throw invalidParameter('The provided principal was invalid. Please check the principal and try again.');
}

export const lambdaHandlers = {
  GetFunction: getFunction,
  GetPolicy: getPolicy,
  AddPermission: addPermission,
  RemovePermission: removePermission,
} satisfies Readonly<Record<string, Handler<never, unknown>>>;
