import middy from '@middy/core';
import {
  callerFromEvent,
  jsonResponse,
  problemJson,
  requireAdmin,
  type ValidatedEvent,
  validateRequest,
} from '@tbs/contracts/runtime';
import type { MonthlySales } from '@tbs/contracts/types';
import { validateGetMonthlySalesParams } from '@tbs/contracts/validators';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { GetMonthlySales } from '../../application/get-monthly-sales';
import { createContainer } from '../../infrastructure/container';

// Once per cold start: a bad configuration fails here, loudly, before any request is served.
const getMonthlySales = createContainer().resolve(GetMonthlySales);

/** GET /reports/monthly-sales?months=N: administrators only. */
export const handler = middy<ValidatedEvent<undefined, { months?: number }>, APIGatewayProxyResult>()
  .use(validateRequest({ params: validateGetMonthlySalesParams }))
  .use(problemJson())
  .handler(async (event) => {
    requireAdmin(callerFromEvent(event));
    const report: MonthlySales = await getMonthlySales.execute(event.params.months);
    return jsonResponse(200, report);
  });
