import { DomainError } from './domain-error';

export class InvalidQuantityError extends DomainError {
  readonly code = 'INVALID_QUANTITY';
  readonly kind = 'validation';
  constructor(what: string, value: number) {
    super(`${what} must be a whole number of units at least 0, not ${value}`);
  }
}

export class InventoryNotFoundError extends DomainError {
  readonly code = 'INVENTORY_NOT_FOUND';
  readonly kind = 'not_found';
  constructor(productId: string) {
    super(`No stock record for product ${productId}`);
  }
}

export class StockBelowReservedError extends DomainError {
  readonly code = 'STOCK_BELOW_RESERVED';
  readonly kind = 'conflict';
  constructor(productId: string, onHand: number, reserved: number) {
    super(`Product ${productId} has ${reserved} units reserved for paid orders; onHand cannot be ${onHand}`);
  }
}

export class InsufficientStockError extends DomainError {
  readonly code = 'INSUFFICIENT_STOCK';
  readonly kind = 'conflict';
  constructor(productId: string, requested: number, available: number) {
    super(`Product ${productId} has ${available} units available, ${requested} requested`);
  }
}

export class ReservationUnderflowError extends DomainError {
  readonly code = 'RESERVATION_UNDERFLOW';
  readonly kind = 'conflict';
  constructor(productId: string, quantity: number, reserved: number) {
    super(`Product ${productId} has ${reserved} units reserved; ${quantity} cannot leave the reservation`);
  }
}

export class InventoryPreconditionRequiredError extends DomainError {
  readonly code = 'PRECONDITION_REQUIRED';
  readonly kind = 'precondition_required';
  constructor(productId: string) {
    super(`The stock of product ${productId} exists: send If-Match with the version you read`);
  }
}

export class InventoryVersionMismatchError extends DomainError {
  readonly code = 'PRECONDITION_FAILED';
  readonly kind = 'precondition_failed';
  constructor(productId: string, expected: number, actual: number) {
    super(`The stock of product ${productId} is at version ${actual}, not ${expected}: read it again`);
  }
}

/** Two writers changed the same record at once; the loser may read again and retry. */
export class ConcurrentUpdateError extends DomainError {
  readonly code = 'CONCURRENT_UPDATE';
  readonly kind = 'conflict';
  constructor(what: string) {
    super(`${what} was changed by someone else at the same time; try again`);
  }
}

export class ShipmentNotFoundError extends DomainError {
  readonly code = 'SHIPMENT_NOT_FOUND';
  readonly kind = 'not_found';
  constructor(orderId: string) {
    super(`No shipment for order ${orderId}`);
  }
}

export class ShipmentNotDispatchableError extends DomainError {
  readonly code = 'SHIPMENT_NOT_DISPATCHABLE';
  readonly kind = 'conflict';
  constructor(orderId: string, status: string) {
    super(`The shipment of order ${orderId} is ${status} and cannot be dispatched (again)`);
  }
}

export class ShipmentNotDeliverableError extends DomainError {
  readonly code = 'SHIPMENT_NOT_DELIVERABLE';
  readonly kind = 'conflict';
  constructor(orderId: string, status: string) {
    super(`The shipment of order ${orderId} is ${status} and cannot be delivered`);
  }
}

export class InvalidShipmentError extends DomainError {
  readonly code = 'INVALID_SHIPMENT';
  readonly kind = 'validation';
}

/** The order was already fulfilled, failed or closed: a repeated or concurrent event must not act again. */
export class OutcomeAlreadyRecordedError extends DomainError {
  readonly code = 'FULFILMENT_ALREADY_RECORDED';
  readonly kind = 'conflict';
  constructor(orderId: string) {
    super(`Order ${orderId} was already handled by fulfilment`);
  }
}
