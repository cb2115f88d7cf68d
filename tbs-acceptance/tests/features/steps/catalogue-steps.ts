import type { Product, ProductPage } from '@tbs/contracts/types';
import { eventually } from '../support/eventually';
import { product, Step } from '../support/scenario';
import { ADMIN, assertThat, expectStatus, type ShopWorld } from '../support/world';
import { cents } from './money';

const NOT_A_PRODUCT = '01ARZ3NDEKTSV4RRFFQ69G5FAV';

export function catalogueSteps(world: ShopWorld): void {
  // A category is arranged once per run: its background runs before each of its scenarios.
  const categories = new Map<string, Promise<void>>();

  Step(
    'the catalogue has a physical product {string} at {number} NZD with {int} in stock',
    async (state, name: string, price: number, onHand: number) => {
      state.products.set(name, await world.stockedProduct(name, cents(price), onHand));
    },
  );

  Step('the catalogue has a digital product {string} at {number} NZD', async (state, name: string, price: number) => {
    state.products.set(name, await world.digitalProduct(name, cents(price)));
  });

  Step(
    'the category {string} has {int} products named {string} to {string}',
    async (_state, category: string, count: number, first: string, last: string) => {
      const prefix = first.replace(/\d+$/, '');
      const width = first.length - prefix.length;
      assertThat(last === `${prefix}${String(count).padStart(width, '0')}`, `names ${first} to ${last}`, count);
      if (!categories.has(category)) {
        // Created in reverse name order, so the listing's order cannot come from the order of creation.
        const names = Array.from({ length: count }, (_, i) => `${prefix}${String(count - i).padStart(width, '0')}`);
        categories.set(
          category,
          (async () => {
            for (const name of names) {
              await world.createProduct({
                sku: world.sku('CAT'),
                name,
                category,
                kind: 'digital',
                price: { amount: 500, currency: 'NZD' },
              });
            }
          })(),
        );
      }
      await categories.get(category);
    },
  );

  Step('a visitor opens the category {string}', async (state, category: string) => {
    state.notes.set('category', category);
    state.response = await world.api<ProductPage>(`/product/v1/products?category=${encodeURIComponent(category)}`);
  });

  Step(
    'they see {int} products, {string} first and {string} last',
    (state, count: number, first: string, last: string) => {
      const page = expectStatus(state.response!, 200, 'the category page').body as ProductPage;
      const names = page.items.map((p) => p.name);
      assertThat(
        names.length === count && names[0] === first && names.at(-1) === last,
        `${count} products from ${first} to ${last}`,
        names,
      );
      assertThat(
        names.every((n, i) => i === 0 || (names[i - 1] as string).localeCompare(n) < 0),
        'names in alphabetical order',
        names,
      );
      state.notes.set('nextCursor', page.nextCursor);
    },
  );

  Step('they open the next page', async (state) => {
    const cursor = state.notes.get('nextCursor');
    assertThat(typeof cursor === 'string', 'a cursor to the next page', cursor);
    const category = state.notes.get('category') as string;
    state.response = await world.api<ProductPage>(
      `/product/v1/products?category=${encodeURIComponent(category)}&cursor=${encodeURIComponent(cursor as string)}`,
    );
  });

  Step('they see {string} and {string}', (state, first: string, second: string) => {
    const page = expectStatus(state.response!, 200, 'the next page').body as ProductPage;
    const names = page.items.map((p) => p.name);
    assertThat(
      names.join('|') === `${first}|${second}` && page.nextCursor === null,
      `${first} and ${second} only`,
      page,
    );
  });

  Step('a visitor searches for {string}', async (state, query: string) => {
    state.notes.set('query', query);
    state.response = await world.api<ProductPage>(`/product/v1/products?q=${encodeURIComponent(query)}`);
  });

  Step('the results include {string}', (state, name: string) => {
    const page = expectStatus(state.response!, 200, 'the search').body as ProductPage;
    const wanted = product(state, name).id;
    assertThat(
      page.items.some((p) => p.id === wanted),
      `${name} among the results`,
      page.items.map((p) => p.name),
    );
  });

  Step('every result matches {string}', (state, word: string) => {
    const page = state.response!.body as ProductPage;
    const matches = (p: Product) =>
      [p.name, p.description, p.category, p.sku].some((text) => text.toLowerCase().includes(word.toLowerCase()));
    assertThat(page.items.length > 0 && page.items.every(matches), `every result to mention "${word}"`, page.items);
  });

  Step('a visitor opens a product that does not exist', async (state) => {
    state.response = await world.api(`/product/v1/products/${NOT_A_PRODUCT}`);
  });

  Step('the shop answers that it was not found', (state) => {
    const r = state.response!;
    assertThat(
      r.status === 404 && (r.headers.get('content-type') ?? '').startsWith('application/problem+json'),
      'a 404 problem+json',
      { status: r.status, body: r.body },
    );
  });

  Step('the catalogue shows {int} of {string} available', async (state, available: number, name: string) => {
    const id = product(state, name).id;
    await eventually(
      `the catalogue to show ${available} of ${name} available`,
      () => world.api<Product>(`/product/v1/products/${id}`, { as: ADMIN }),
      (r) => (r.status === 200 && r.body.availability.available === available ? r : undefined),
    );
  });
}
