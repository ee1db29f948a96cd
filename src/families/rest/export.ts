/** What a REST API authorizer looks like in an exported manifest (see core/export.ts). */
import type { ExportRules } from '../../core/export.js';

const LAMBDA_MEMBERS = ['authorizerUri', 'authorizerCredentials'];
const TAIL = ['authorizerResultTtlInSeconds', 'authType'];

export const restExport: ExportRules = {
  members: {
    rest: {
      TOKEN: ['name', 'type', ...LAMBDA_MEMBERS, 'identitySource', 'identityValidationExpression', ...TAIL],
      REQUEST: ['name', 'type', ...LAMBDA_MEMBERS, 'identitySource', ...TAIL],
      COGNITO_USER_POOLS: ['name', 'type', 'providerARNs', 'identitySource', 'identityValidationExpression', ...TAIL],
    },
  },
  // AWS reports authType without being told (docs/aws-behaviour.md, "REST APIs"): only a label someone set is written.
  filledOnRead: { authType: { TOKEN: 'custom', REQUEST: 'custom', COGNITO_USER_POOLS: 'cognito_user_pools' } },
};
