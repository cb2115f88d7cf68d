import middy from '@middy/core';
import {
  callerFromEvent,
  correlationIdFrom,
  jsonResponse,
  problemJson,
  requireAdmin,
  type ValidatedEvent,
  validateRequest,
} from '@tbs/contracts/runtime';
import { validateDeliverShipmentParams } from '@tbs/contracts/validators';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { DeliverShipment } from '../../application/deliver-shipment';
import { createContainer } from '../../infrastructure/container';
import { toShipmentRepresentation } from './representations';

const deliverShipment = createContainer().resolve(DeliverShipment);

/** POST /shipments/{orderId}/deliver: administrators only; delivering what was not dispatched is a 409. */
export const handler = middy<ValidatedEvent<unknown, { orderId: string }>, APIGatewayProxyResult>()
  .use(validateRequest({ params: validateDeliverShipmentParams }))
  .use(problemJson())
  .handler(async (event) => {
    requireAdmin(callerFromEvent(event));
    const shipment = await deliverShipment.execute(event.params.orderId, { correlationId: correlationIdFrom(event) });
    return jsonResponse(200, toShipmentRepresentation(shipment));
  });
