import {
  validateOrderCancellationRequestedEvent,
  validateOrderCancelledEvent,
  validateOrderPaidEvent,
  validateOrderPaymentFailedEvent,
  validateOrderPlacedEvent,
  validateOrderRefundedEvent,
} from '@tbs/contracts/validators';

/**
 * The compiled schemas of the events the order service publishes. The container loads this module at the first
 * publish (a dynamic import), so functions that never publish never evaluate it.
 */
export const ORDER_EVENT_VALIDATORS = {
  'tbs.order.OrderPlaced.v1': validateOrderPlacedEvent,
  'tbs.order.OrderPaid.v1': validateOrderPaidEvent,
  'tbs.order.OrderPaymentFailed.v1': validateOrderPaymentFailedEvent,
  'tbs.order.OrderCancellationRequested.v1': validateOrderCancellationRequestedEvent,
  'tbs.order.OrderCancelled.v1': validateOrderCancelledEvent,
  'tbs.order.OrderRefunded.v1': validateOrderRefundedEvent,
};
