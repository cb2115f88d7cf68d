import type { Cart } from '@tbs/contracts/types';
import { eventually } from '../support/eventually';
import { customer, product, Step } from '../support/scenario';
import { assertThat, expectStatus, type ShopWorld } from '../support/world';
import { cents } from './money';

export function cartSteps(world: ShopWorld): void {
  const line = (cart: Cart, productId: string) => cart.lines.find((l) => l.productId === productId);

  Step('the customer adds {int} of {string} to the cart', async (state, quantity: number, name: string) => {
    await world.addToCart(customer(state).email, product(state, name).id, quantity);
  });

  Step('the customer has {int} of {string} in the cart', async (state, quantity: number, name: string) => {
    await world.addToCart(customer(state).email, product(state, name).id, quantity);
  });

  Step(
    'the customer has {int} of {string} and {int} of {string} in the cart',
    async (state, q1: number, n1: string, q2: number, n2: string) => {
      await world.addToCart(customer(state).email, product(state, n1).id, q1);
      await world.addToCart(customer(state).email, product(state, n2).id, q2);
    },
  );

  for (const title of [
    'the customer tries to add {int} of {string} to the cart',
    'the customer tries to change the quantity of {string} to {int}',
  ]) {
    Step(title, async (state, a: number | string, b: number | string) => {
      const [quantity, name] = typeof a === 'number' ? [a, b as string] : [b as number, a];
      state.response = await world.setCartLine(customer(state).email, product(state, name).id, quantity);
    });
  }

  Step('the customer changes the quantity of {string} to {int}', async (state, name: string, quantity: number) => {
    const r = await world.setCartLine(customer(state).email, product(state, name).id, quantity);
    expectStatus(r, 200, `setting ${name} to ${quantity}`);
  });

  Step('the customer removes {string} from the cart', async (state, name: string) => {
    const r = await world.api(`/cart/v1/cart/lines/${product(state, name).id}`, {
      method: 'DELETE',
      as: customer(state).email,
    });
    assertThat(r.status === 200 || r.status === 204, `${name} to be removed`, { status: r.status, body: r.body });
  });

  Step('the cart refuses with {string}', (state, code: string) => {
    const r = state.response!;
    const body = r.body as { code?: string };
    assertThat(r.status === 409 && body.code === code, `HTTP 409 ${code}`, { status: r.status, body });
  });

  Step('the cart refuses the quantity as invalid', (state) => {
    const r = state.response!;
    assertThat(r.status === 400, 'HTTP 400 for a quantity over 99', { status: r.status, body: r.body });
  });

  Step(
    'the cart holds {int} of {string} at {number} NZD each',
    async (state, quantity: number, name: string, price: number) => {
      const cart = await world.cart(customer(state).email);
      const found = line(cart, product(state, name).id);
      assertThat(
        found?.quantity === quantity && found.unitPrice === cents(price) && found.availability === 'available',
        `${quantity} of ${name} at ${price} each, available`,
        cart.lines,
      );
    },
  );

  Step('the cart does not hold {string}', async (state, name: string) => {
    const cart = await world.cart(customer(state).email);
    assertThat(line(cart, product(state, name).id) === undefined, `no line for ${name}`, cart.lines);
  });

  Step(
    'the cart totals are net {number}, tax {number} and gross {number} NZD',
    async (state, net: number, tax: number, gross: number) => {
      const { totals } = await world.cart(customer(state).email);
      assertThat(
        totals.net === cents(net) &&
          totals.tax === cents(tax) &&
          totals.gross === cents(gross) &&
          totals.currency === 'NZD',
        `net ${net}, tax ${tax}, gross ${gross} NZD`,
        totals,
      );
    },
  );

  Step('the cart is empty', async (state) => {
    await eventually(
      'the cart to be emptied by the paid order',
      () => world.cart(customer(state).email),
      (cart) => (cart.lines.length === 0 ? cart : undefined),
    );
  });

  Step(
    'the customer is back at the cart, still holding {int} of {string}',
    async (state, quantity: number, name: string) => {
      const cart = await world.cart(customer(state).email);
      const found = line(cart, product(state, name).id);
      assertThat(found?.quantity === quantity, `the cart to still hold ${quantity} of ${name}`, cart.lines);
    },
  );
}
