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
import type { DispatchInput } from '@tbs/contracts/types';
import { validateDispatchShipmentBody, validateDispatchShipmentParams } from '@tbs/contracts/validators';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { DispatchShipment } from '../../application/dispatch-shipment';
import { createContainer } from '../../infrastructure/container';
import { toShipmentRepresentation } from './representations';

const dispatchShipment = createContainer().resolve(DispatchShipment);

/** POST /shipments/{orderId}/dispatch: administrators only; invalid transitions are 409. */
export const handler = middy<ValidatedEvent<DispatchInput, { orderId: string }>, APIGatewayProxyResult>()
  .use(validateRequest({ body: validateDispatchShipmentBody, params: validateDispatchShipmentParams }))
  .use(problemJson())
  .handler(async (event) => {
    requireAdmin(callerFromEvent(event));
    const { carrier, trackingNumber } = event.body;
    const shipment = await dispatchShipment.execute(event.params.orderId, carrier, trackingNumber, {
      correlationId: correlationIdFrom(event),
    });
    return jsonResponse(200, toShipmentRepresentation(shipment));
  });
