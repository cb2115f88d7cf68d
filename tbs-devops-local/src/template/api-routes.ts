import { applySamGlobals } from './apply-sam-globals';
import type { CfnTemplate } from './template-types';

/** One `Api` event of a `AWS::Serverless::Function`: what API Gateway will route, and whether it checks a token. */
export interface ApiRoute {
  method: string;
  path: string;
  /** `cognito` when API Gateway verifies a user-pool token before the function runs. */
  auth: 'public' | 'cognito';
  /** The logical id of the `AWS::Serverless::Api` the route belongs to (undefined: SAM's implicit API). */
  apiId: string | undefined;
  functionId: string;
  /** The `UserPoolArn` of the route's Cognito authorizer, as written in the template (an intrinsic, usually). */
  userPoolArn?: unknown;
}

interface ApiAuth {
  DefaultAuthorizer?: string;
  Authorizers?: Record<string, { UserPoolArn?: unknown }>;
}

/**
 * Lists every route a template's functions declare, with the authorizer that applies (the route's own, else its
 * API's default, with SAM Globals applied), so a contract test can compare a stack with its published spec.
 */
export function apiRoutes(template: CfnTemplate): ApiRoute[] {
  const expanded = applySamGlobals(template);
  const routes: ApiRoute[] = [];
  for (const [functionId, resource] of Object.entries(expanded.Resources)) {
    if (resource.Type !== 'AWS::Serverless::Function') continue;
    const events = (resource.Properties?.Events ?? {}) as Record<string, { Type: string; Properties?: unknown }>;
    for (const event of Object.values(events)) {
      if (event.Type !== 'Api') continue;
      const props = (event.Properties ?? {}) as {
        Path: string;
        Method: string;
        RestApiId?: { Ref?: string };
        Auth?: { Authorizer?: string };
      };
      const apiId = props.RestApiId?.Ref;
      const apiAuth = apiId
        ? ((expanded.Resources[apiId]?.Properties as { Auth?: ApiAuth } | undefined)?.Auth ?? {})
        : {};
      const authorizer = props.Auth?.Authorizer ?? apiAuth.DefaultAuthorizer ?? 'NONE';
      routes.push({
        method: props.Method.toUpperCase(),
        path: props.Path,
        auth: authorizer === 'NONE' ? 'public' : 'cognito',
        apiId,
        functionId,
        ...(authorizer === 'NONE' ? {} : { userPoolArn: apiAuth.Authorizers?.[authorizer]?.UserPoolArn }),
      });
    }
  }
  return routes;
}
