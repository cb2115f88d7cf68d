import { describe, expect, it } from 'vitest';
import {
  SHIPMENT_TRANSITIONS,
  Shipment,
  type ShipmentAction,
  type ShipmentSnapshot,
  type ShipmentStatus,
} from '../../src/domain/shipment';

const T = '2026-02-11T15:00:00.000Z';
const STATUSES: ShipmentStatus[] = ['READY', 'DISPATCHED', 'DELIVERED', 'CANCELLED'];
const ACTIONS: ShipmentAction[] = ['dispatch', 'deliver', 'cancel'];

function newShipment(): Shipment {
  return Shipment.create({
    shipmentId: '01JDA2S4T6V8X0Z2B4D6F8H0JK',
    orderId: '01JDA1B2C3D4E5F6G7H8J9K0MN',
    customerId: 'c-1',
    lines: [{ productId: '01JD8X3QK7M2V4R6T8W0Y2A4C6', sku: 'TEA', name: 'Tea', quantity: 2 }],
    deliveryAddress: { name: 'A', line1: '1 St', city: 'W', postcode: '6011', country: 'NZ' },
    shippingOption: 'STANDARD',
    now: '2026-02-10T20:16:06.000Z',
  });
}

function shipmentIn(status: ShipmentStatus): Shipment {
  const snapshot: ShipmentSnapshot = { ...newShipment().snapshot(), status, version: 5 };
  if (status !== 'READY' && status !== 'CANCELLED')
    Object.assign(snapshot, { carrier: 'NZ Post', trackingNumber: 'NZ1' });
  return Shipment.restore(snapshot);
}

function act(shipment: Shipment, action: ShipmentAction, carrier = 'NZ Post', tracking = 'NZ1'): unknown {
  if (action === 'dispatch') return shipment.dispatch(carrier, tracking, T);
  if (action === 'deliver') return shipment.deliver(T);
  return shipment.cancel(T);
}

describe('Shipment state machine', () => {
  it('starts READY at version 1 and records ShipmentCreated', () => {
    const shipment = newShipment();
    expect([shipment.status, shipment.version]).toEqual(['READY', 1]);
    expect(shipment.pullEvents().map((e) => e.type)).toEqual(['ShipmentCreated']);
  });

  it('refuses a shipment without lines', () => {
    expect(() => Shipment.create({ ...newShipment().snapshot(), lines: [], now: T })).toThrow(
      expect.objectContaining({ code: 'INVALID_SHIPMENT' }),
    );
  });

  // Every (status, action) cell of the table, checked against what the aggregate actually does.
  for (const status of STATUSES) {
    for (const action of ACTIONS) {
      const expected = SHIPMENT_TRANSITIONS[status][action];
      it(`${action} from ${status} -> ${expected}`, () => {
        const shipment = shipmentIn(status);
        if (expected === 'refused') {
          if (action === 'cancel') {
            expect(act(shipment, action)).toBe('rejected');
            expect(shipment.pullEvents().map((e) => e.type)).toEqual(['ShipmentCancellationRejected']);
          } else {
            const code = action === 'dispatch' ? 'SHIPMENT_NOT_DISPATCHABLE' : 'SHIPMENT_NOT_DELIVERABLE';
            expect(() => act(shipment, action)).toThrow(expect.objectContaining({ code, kind: 'conflict' }));
            expect(shipment.pullEvents()).toEqual([]);
          }
          expect([shipment.status, shipment.version]).toEqual([status, 5]);
        } else if (expected === 'same') {
          expect(act(shipment, action)).toSatisfy((result) => result === false || result === 'already_cancelled');
          expect([shipment.status, shipment.version]).toEqual([status, 5]);
          expect(shipment.pullEvents()).toEqual([]);
        } else {
          act(shipment, action);
          expect([shipment.status, shipment.version]).toEqual([expected, 6]);
          const names = { dispatch: 'ShipmentDispatched', deliver: 'ShipmentDelivered', cancel: 'ShipmentCancelled' };
          expect(shipment.pullEvents().map((e) => [e.type, e.version])).toEqual([[names[action], 6]]);
        }
      });
    }
  }

  it('covers every status and action in the table', () => {
    expect(Object.keys(SHIPMENT_TRANSITIONS).sort()).toEqual([...STATUSES].sort());
    for (const status of STATUSES)
      expect(Object.keys(SHIPMENT_TRANSITIONS[status]).sort()).toEqual([...ACTIONS].sort());
  });

  it('refuses a second dispatch with another carrier or tracking number', () => {
    const shipment = shipmentIn('DISPATCHED');
    expect(() => shipment.dispatch('DHL', 'NZ1', T)).toThrow(
      expect.objectContaining({ code: 'SHIPMENT_NOT_DISPATCHABLE' }),
    );
    expect(() => shipment.dispatch('NZ Post', 'X9', T)).toThrow(
      expect.objectContaining({ code: 'SHIPMENT_NOT_DISPATCHABLE' }),
    );
  });

  it('records carrier, tracking number and times on the way', () => {
    const shipment = newShipment();
    shipment.dispatch('NZ Post', 'NZ123', T);
    shipment.deliver('2026-02-13T11:30:00.000Z');
    expect(shipment.snapshot()).toMatchObject({
      status: 'DELIVERED',
      carrier: 'NZ Post',
      trackingNumber: 'NZ123',
      dispatchedAt: T,
      deliveredAt: '2026-02-13T11:30:00.000Z',
      cancelledAt: null,
      version: 3,
    });
  });

  it('a rejection nobody waits for is not announced', () => {
    const shipment = shipmentIn('DISPATCHED');
    expect(shipment.cancel(T, false)).toBe('rejected');
    expect(shipment.pullEvents()).toEqual([]);
  });
});
