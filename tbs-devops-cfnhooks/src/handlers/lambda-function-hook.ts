import { createHookHandler } from '../hooks/create-hook-handler';
import { lambdaFunctionRules } from '../rules';

/** Entry point of the lambda-function Lambda hook. */
export const handler = createHookHandler(lambdaFunctionRules);
