import middy from '@middy/core';
import {
  callerFromEvent,
  jsonResponse,
  problemJson,
  requireAdmin,
  type ValidatedEvent,
  validateRequest,
} from '@tbs/contracts/runtime';
import { validateGetShipmentParams } from '@tbs/contracts/validators';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { GetShipment } from '../../application/get-shipment';
import { createContainer } from '../../infrastructure/container';
import { toShipmentRepresentation } from './representations';

const getShipment = createContainer().resolve(GetShipment);

/** GET /shipments/{orderId}: administrators only. */
export const handler = middy<ValidatedEvent<unknown, { orderId: string }>, APIGatewayProxyResult>()
  .use(validateRequest({ params: validateGetShipmentParams }))
  .use(problemJson())
  .handler(async (event) => {
    requireAdmin(callerFromEvent(event));
    return jsonResponse(200, toShipmentRepresentation(await getShipment.execute(event.params.orderId)));
  });
