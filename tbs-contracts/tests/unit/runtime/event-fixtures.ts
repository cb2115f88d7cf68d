import Ajv from 'ajv';
import type { EventValidators } from '../../../src/runtime';

/** A cut-down full-envelope event schema, shaped like the ones tbs-contracts publishes. */
const envelope = (type: string, source: string, data: object) => ({
  type: 'object',
  required: ['specversion', 'id', 'source', 'type', 'time', 'subject', 'datacontenttype', 'correlationid', 'data'],
  properties: {
    specversion: { const: '1.0' },
    id: { type: 'string', pattern: '^[0-9A-HJKMNP-TV-Z]{26}$' },
    source: { const: source },
    type: { const: type },
    time: { type: 'string' },
    subject: { type: 'string' },
    datacontenttype: { const: 'application/json' },
    correlationid: { type: 'string' },
    data,
  },
  additionalProperties: false,
});

const ajv = new Ajv();

export const ORDER_PAID = 'tbs.order.OrderPaid.v1';
export const ORDER_CANCELLED = 'tbs.order.OrderCancelled.v1';

export interface OrderPaidData {
  orderId: string;
  gross: number;
}

export const eventValidators: EventValidators = {
  [ORDER_PAID]: ajv.compile(
    envelope(ORDER_PAID, 'tbs-app-order', {
      type: 'object',
      required: ['orderId', 'gross'],
      properties: { orderId: { type: 'string' }, gross: { type: 'integer', minimum: 0 } },
      additionalProperties: false,
    }),
  ),
  [ORDER_CANCELLED]: ajv.compile(
    envelope(ORDER_CANCELLED, 'tbs-app-order', {
      type: 'object',
      required: ['orderId'],
      properties: { orderId: { type: 'string' } },
      additionalProperties: false,
    }),
  ),
};
