import type { EventValidators } from '@tbs/contracts/runtime';
import {
  validateDigitalGoodsReadyEvent,
  validateOrderCancelledEvent,
  validateOrderPaidEvent,
  validateOrderPaymentFailedEvent,
  validateOrderRefundedEvent,
  validateShipmentDispatchedEvent,
} from '@tbs/contracts/validators';

/** The compiled validators of the events that cause an email (only these, so the bundle carries no other schema). */
export const notifyingEventValidators: EventValidators = {
  'tbs.order.OrderPaid.v1': validateOrderPaidEvent,
  'tbs.order.OrderPaymentFailed.v1': validateOrderPaymentFailedEvent,
  'tbs.order.OrderRefunded.v1': validateOrderRefundedEvent,
  'tbs.order.OrderCancelled.v1': validateOrderCancelledEvent,
  'tbs.fulfilment.ShipmentDispatched.v1': validateShipmentDispatchedEvent,
  'tbs.fulfilment.DigitalGoodsReady.v1': validateDigitalGoodsReadyEvent,
};
