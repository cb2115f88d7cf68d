import type { Shipment } from '@tbs/contracts/types';
import { eventually } from '../support/eventually';
import { currentOrder, customer, product, Step } from '../support/scenario';
import { ADMIN, expectStatus, type ShopWorld } from '../support/world';

export function fulfilmentSteps(world: ShopWorld): void {
  for (const title of [
    'a {word} shipment for the order reaches fulfilment',
    'a shipping order for the order reaches fulfilment',
  ]) {
    Step(title, async (state, status?: string) => {
      const shipment = await world.awaitShipment(currentOrder(state).id, (status ?? 'READY') as Shipment['status']);
      state.notes.set('shipment', shipment);
    });
  }

  Step(
    'the warehouse dispatches the shipment with carrier {string} and tracking number {string}',
    async (state, carrier: string, trackingNumber: string) => {
      const orderId = currentOrder(state).id;
      await world.awaitShipment(orderId, 'READY');
      const r = await world.api(`/fulfilment/v1/shipments/${orderId}/dispatch`, {
        method: 'POST',
        as: ADMIN,
        body: { carrier, trackingNumber },
      });
      expectStatus(r, 200, `dispatching the shipment of ${orderId}`);
    },
  );

  Step('the carrier delivers the shipment', async (state) => {
    const orderId = currentOrder(state).id;
    const r = await world.api(`/fulfilment/v1/shipments/${orderId}/deliver`, { method: 'POST', as: ADMIN });
    expectStatus(r, 200, `delivering the shipment of ${orderId}`);
  });

  Step('an email with the download of {string} is sent to the customer', async (state, name: string) => {
    const { email } = customer(state);
    // Fulfilment's signed link: <base>/downloads/<orderId>/<productId>?expires=...&signature=...
    const link = `/downloads/${currentOrder(state).id}/${product(state, name).id}?expires=`;
    await eventually(
      `an email to ${email} naming ${name} with its signed download link`,
      () => world.cloud.emails({ to: email }),
      (mails) =>
        mails.find((m) => {
          const text = `${m.subject}\n${m.text ?? ''}\n${m.html ?? ''}`;
          return text.includes(name) && text.includes(link) && text.includes('signature=');
        }),
    );
  });
}
