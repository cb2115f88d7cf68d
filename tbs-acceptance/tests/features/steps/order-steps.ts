import type { Customer, Order, OrderPage, PlacedOrder, PlaceOrderInput, TopProducts } from '@tbs/contracts/types';
import { eventually } from '../support/eventually';
import { currentOrder, customer, product, type ScenarioState, Step } from '../support/scenario';
import { ADMIN, assertThat, expectStatus, type ShopWorld, StepFailedError, storeMonth } from '../support/world';
import { cents } from './money';

export function orderSteps(world: ShopWorld): void {
  const profileAddress = async (email: string) => {
    const me = expectStatus(await world.api<Customer>('/customer/v1/customers/me', { as: email }), 200, 'profile');
    if (!me.body.shippingAddress) throw new StepFailedError(`the profile of ${email} has no shipping address`);
    return me.body.shippingAddress;
  };

  /** What the storefront sends at checkout: the cart's lines, plus the delivery choices when it has any. */
  const checkout = async (state: ScenarioState, choices: Partial<PlaceOrderInput>) => {
    const { email } = customer(state);
    const cart = await world.cart(email);
    const lines = cart.lines.map((l) => ({ productId: l.productId, quantity: l.quantity }));
    state.response = await world.placeOrder(email, { lines, ...choices });
    if (state.response.status === 201) {
      state.placed = state.response.body as PlacedOrder;
      state.order = state.placed.order;
    }
  };

  const buy = async (state: ScenarioState, quantity: number, name: string) => {
    const { email } = customer(state);
    const bought = product(state, name);
    const address = bought.kind === 'physical' ? await profileAddress(email) : undefined;
    state.order = await world.paidOrder(email, [{ productId: bought.id, quantity }], address);
    const history = (state.notes.get('bought') as string[] | undefined) ?? [];
    state.notes.set('bought', [...history, state.order.id]);
  };

  Step('the customer checks out the cart without a delivery address', (state) => checkout(state, {}));

  Step(
    'the customer confirms the delivery address from their profile and checks out with {word} shipping',
    async (state, option: string) => {
      const deliveryAddress = await profileAddress(customer(state).email);
      await checkout(state, { deliveryAddress, shippingOption: option as PlaceOrderInput['shippingOption'] });
      expectStatus(state.response!, 201, 'checking out');
    },
  );

  Step('the checkout refuses with {string}', (state, code: string) => {
    const r = state.response!;
    const body = r.body as { code?: string };
    assertThat(r.status >= 400 && r.status < 500 && body.code === code, `a refusal ${code}`, {
      status: r.status,
      body,
    });
  });

  Step(
    'the order awaits payment with net {number}, shipping {number}, tax {number} and gross {number} NZD',
    (state, net: number, shipping: number, tax: number, gross: number) => {
      const placed = expectStatus(state.response!, 201, 'checking out').body as PlacedOrder;
      const t = placed.order.totals;
      assertThat(
        placed.order.status === 'PENDING_PAYMENT' &&
          t.net === cents(net) &&
          t.shipping === cents(shipping) &&
          t.tax === cents(tax) &&
          t.gross === cents(gross) &&
          placed.payment.clientSecret.length > 0,
        `PENDING_PAYMENT, net ${net}, shipping ${shipping}, tax ${tax}, gross ${gross} and a client secret`,
        placed,
      );
    },
  );

  Step('the order is delivered to the address of their profile', async (state) => {
    const address = await profileAddress(customer(state).email);
    const order = currentOrder(state);
    assertThat(
      JSON.stringify(order.deliveryAddress) === JSON.stringify(address),
      `the delivery address ${JSON.stringify(address)}`,
      order.deliveryAddress,
    );
  });

  Step('the customer pays with a valid card', async (state) => {
    const outcome = await world.pay(state.placed!.payment.paymentIntentId, 'valid');
    assertThat(outcome === 'succeeded', 'the payment to succeed', outcome);
  });

  Step('the customer pays with a card that is declined', async (state) => {
    const outcome = await world.pay(state.placed!.payment.paymentIntentId, 'declined');
    assertThat(outcome === 'declined', 'the card to be declined', outcome);
  });

  Step('the customer is back on the home page with the order number, and the order is PAID', async (state) => {
    // The storefront shows the order number once the order reads PAID.
    state.order = await world.awaitOrderStatus(customer(state).email, currentOrder(state).id, 'PAID');
  });

  for (const title of ['the order is {word}', 'the order is eventually {word}']) {
    Step(title, async (state, status: string) => {
      state.order = await world.awaitOrderStatus(
        customer(state).email,
        currentOrder(state).id,
        status as Order['status'],
      );
    });
  }

  Step(
    'the order is eventually SHIPPED with carrier {string} and tracking number {string}',
    async (state, carrier: string, trackingNumber: string) => {
      const order = await world.awaitOrderStatus(customer(state).email, currentOrder(state).id, 'SHIPPED');
      assertThat(
        order.shipment?.carrier === carrier && order.shipment.trackingNumber === trackingNumber,
        `shipment ${carrier} ${trackingNumber}`,
        order.shipment,
      );
    },
  );

  Step("the order is stored in the customer's order history", async (state) => {
    const page = await world.api<OrderPage>('/order/v1/orders', { as: customer(state).email });
    const ids = expectStatus(page, 200, 'the order history').body.items.map((o) => o.id);
    assertThat(ids.includes(currentOrder(state).id), `order ${currentOrder(state).id} in the history`, ids);
  });

  Step('the sale is eventually in the reporting database', async (state) => {
    const order = currentOrder(state);
    const today = new Date();
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const from = day(new Date(today.getTime() - 2 * 86_400_000));
    const to = day(new Date(today.getTime() + 2 * 86_400_000));
    await eventually(
      `the products of order ${order.id} among the top products reported`,
      () => world.api<TopProducts>(`/reports/v1/reports/top-products?from=${from}&to=${to}&limit=100`, { as: ADMIN }),
      (r) =>
        r.status === 200 &&
        order.lines.every((l) => r.body.items.some((i) => i.productId === l.productId && i.units === l.quantity))
          ? r
          : undefined,
      { timeoutMs: 40_000 },
    );
  });

  Step('a receipt for the order is emailed to the customer', async (state) => {
    const { email } = customer(state);
    const order = currentOrder(state);
    await eventually(
      `a receipt email for order ${order.id} to ${email}`,
      () => world.cloud.emails({ to: email }),
      (mails) => mails.find((m) => /receipt/i.test(m.subject) && `${m.subject}\n${m.text ?? ''}`.includes(order.id)),
    );
  });

  for (const title of ['the customer buys {int} of {string}', 'the customer has bought {int} of {string}']) {
    Step(title, (state, quantity: number, name: string) => buy(state, quantity, name));
  }

  Step(
    'a customer {string} has bought {int} of a product at {number} NZD',
    async (state, name: string, quantity: number, price: number) => {
      const arranged = await world.customer(name);
      state.customer = { email: arranged.email, name };
      const productName = world.unique('Report Product');
      state.products.set(productName, await world.stockedProduct(productName, cents(price), quantity + 5));
      await buy(state, quantity, productName);
    },
  );

  Step('the customer opens their order history', async (state) => {
    state.response = await world.api<OrderPage>('/order/v1/orders', { as: customer(state).email });
  });

  Step('it lists both orders, newest first', (state) => {
    const page = expectStatus(state.response!, 200, 'the order history').body as OrderPage;
    const bought = state.notes.get('bought') as string[];
    const ids = page.items.map((o) => o.id);
    assertThat(ids.join() === [...bought].reverse().join(), `orders ${[...bought].reverse().join(', ')}`, ids);
    const months = page.items.map((o) => storeMonth(new Date(o.placedAt)));
    assertThat(
      months.every((m) => m === storeMonth(new Date())),
      'orders of the last six months only',
      months,
    );
  });

  Step(
    'the detail of the newest order shows {int} of {string} and the delivery address of their profile',
    async (state, quantity: number, name: string) => {
      const newest = (state.response!.body as OrderPage).items[0];
      const detail = await world.order(customer(state).email, newest?.id ?? '');
      const address = await profileAddress(customer(state).email);
      assertThat(
        detail.lines.length === 1 &&
          detail.lines[0]?.productId === product(state, name).id &&
          detail.lines[0].quantity === quantity &&
          JSON.stringify(detail.deliveryAddress) === JSON.stringify(address) &&
          detail.shippingOption === 'STANDARD',
        `${quantity} of ${name} delivered STANDARD to ${JSON.stringify(address)}`,
        detail,
      );
    },
  );

  Step('the customer cancels the order', async (state) => {
    state.response = await world.api(`/order/v1/orders/${currentOrder(state).id}/cancel`, {
      method: 'POST',
      as: customer(state).email,
    });
  });

  Step('the cancellation is refused with {string}', (state, code: string) => {
    const r = state.response!;
    const body = r.body as { code?: string };
    assertThat(r.status === 409 && body.code === code, `HTTP 409 ${code}`, { status: r.status, body });
  });

  Step('the payment is refunded in full', async (state) => {
    const order = currentOrder(state);
    const intent = await world.stripe.paymentIntents.retrieve(order.paymentIntentId ?? '');
    const chargeId = typeof intent.latest_charge === 'string' ? intent.latest_charge : intent.latest_charge?.id;
    const charge = await world.stripe.charges.retrieve(chargeId ?? '');
    assertThat(
      charge.refunded && charge.amount_refunded === order.totals.gross,
      `a refund of ${order.totals.gross} cents`,
      { amount: charge.amount, refunded: charge.amount_refunded },
    );
  });
}
