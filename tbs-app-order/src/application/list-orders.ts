import type { OrderStatus } from '../domain/order';
import type { Clock } from './ports/clock';
import type { OrderPage, OrderRepository, PageRequest } from './ports/order-repository';

/** How far back a customer's order history reaches. */
export const HISTORY_DAYS = 183;

export class ListOrders {
  constructor(
    private readonly orders: OrderRepository,
    private readonly clock: Clock,
  ) {}

  async execute(customerId: string, page: PageRequest): Promise<OrderPage> {
    const since = new Date(this.clock.now().getTime() - HISTORY_DAYS * 86_400_000);
    return this.orders.listByCustomer(customerId, since, page);
  }
}

export class ListAdminOrders {
  constructor(private readonly orders: OrderRepository) {}

  async execute(status: OrderStatus | undefined, page: PageRequest): Promise<OrderPage> {
    return this.orders.listAll(status, page);
  }
}
