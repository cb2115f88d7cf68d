import type { CheckoutAttempt } from '../../domain/idempotency';
import type { Order, OrderStatus } from '../../domain/order';

export interface OrderPage {
  orders: Order[];
  /** Opaque position of the next page; undefined on the last one. */
  next?: Record<string, string | number>;
}

export interface PageRequest {
  limit: number;
  after?: Record<string, string | number>;
}

/**
 * Orders and the checkout attempts that created them. Writes are conditional on the version the order was loaded
 * at, and store the order's pending events with it (published only once the write committed).
 */
export interface OrderRepository {
  get(orderId: string): Promise<Order | undefined>;
  /** Stores a new order with its attempt in one write; `attempt_exists` when that key was claimed first. */
  create(order: Order, attempt: CheckoutAttempt): Promise<'created' | 'attempt_exists'>;
  /** Throws OrderChangedConcurrentlyError when someone else saved the order since it was loaded. */
  save(order: Order): Promise<void>;
  findAttempt(customerId: string, key: string): Promise<CheckoutAttempt | undefined>;
  /** Newest first, placed at or after `since`. */
  listByCustomer(customerId: string, since: Date, page: PageRequest): Promise<OrderPage>;
  /** Newest first; all statuses when `status` is undefined. */
  listAll(status: OrderStatus | undefined, page: PageRequest): Promise<OrderPage>;
}
