import middy from '@middy/core';
import {
  callerFromEvent,
  jsonResponse,
  problemJson,
  requireAdmin,
  type ValidatedEvent,
  validateRequest,
} from '@tbs/contracts/runtime';
import type { ShipmentStatus } from '@tbs/contracts/types';
import { validateListShipmentsParams } from '@tbs/contracts/validators';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { ListShipments } from '../../application/get-shipment';
import { createContainer } from '../../infrastructure/container';
import { toShipmentRepresentation } from './representations';

const listShipments = createContainer().resolve(ListShipments);

interface ListParams {
  status?: ShipmentStatus;
  limit: number;
  cursor?: string;
}

/** GET /shipments?status=&limit=&cursor=: administrators only, oldest first. */
export const handler = middy<ValidatedEvent<unknown, ListParams>, APIGatewayProxyResult>()
  .use(validateRequest({ params: validateListShipmentsParams }))
  .use(problemJson())
  .handler(async (event) => {
    requireAdmin(callerFromEvent(event));
    const { status, limit, cursor } = event.params;
    const page = await listShipments.execute({ limit, ...(status && { status }), ...(cursor && { cursor }) });
    return jsonResponse(200, { items: page.items.map(toShipmentRepresentation), nextCursor: page.nextCursor });
  });
