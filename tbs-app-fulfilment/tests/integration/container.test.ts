import { describe, expect, it } from 'vitest';
import { CancelShipment, CloseOrder } from '../../src/application/cancel-shipment';
import { DeliverShipment } from '../../src/application/deliver-shipment';
import { DispatchShipment } from '../../src/application/dispatch-shipment';
import { FulfilPaidOrder } from '../../src/application/fulfil-paid-order';
import { GetInventory } from '../../src/application/get-inventory';
import { GetShipment, ListShipments } from '../../src/application/get-shipment';
import { HandleOrderEvent } from '../../src/application/handle-order-event';
import { TOKENS } from '../../src/application/ports/tokens';
import { SetStockOnHand } from '../../src/application/set-stock-on-hand';
import { createContainer } from '../../src/infrastructure/container';
import { DynamoDbFulfilmentRepository } from '../../src/infrastructure/dynamodb-fulfilment-repository';
import { HmacDownloadLinks } from '../../src/infrastructure/hmac-download-links';

const ENV = {
  TABLE_NAME: 'tbs-app-fulfilment-dev-fulfilment',
  AWS_REGION: 'ap-southeast-2',
  EVENTS_TOPIC_ARN: 'arn:aws:sns:ap-southeast-2:123456789012:tbs-app-fulfilment-dev-events',
  PROCESSED_EVENTS_TABLE_NAME: 'tbs-app-fulfilment-dev-processed-events',
  DOWNLOAD_KEY_SECRET_ID: 'tbs-app-fulfilment-dev/download-signing-key',
  DOWNLOAD_BASE_URL: 'https://downloads.example.com',
};

describe('container (the composition root)', () => {
  it('resolves the use case of every handler, once per container, wired to the DynamoDB adapter', () => {
    const container = createContainer(ENV);
    for (const useCase of [
      GetInventory,
      SetStockOnHand,
      GetShipment,
      ListShipments,
      DispatchShipment,
      DeliverShipment,
      FulfilPaidOrder,
      CancelShipment,
      CloseOrder,
      HandleOrderEvent,
    ] as const) {
      const resolved = container.resolve<object>(useCase);
      expect(resolved).toBeInstanceOf(useCase);
      expect(container.resolve<object>(useCase)).toBe(resolved);
    }
    expect(container.resolve(TOKENS.FulfilmentRepository)).toBeInstanceOf(DynamoDbFulfilmentRepository);
    expect(container.resolve(TOKENS.DownloadLinks)).toBeInstanceOf(HmacDownloadLinks);
  });

  it('an HTTP function without the signing-key settings still starts; only digital delivery needs them', () => {
    const container = createContainer({ TABLE_NAME: ENV.TABLE_NAME, AWS_REGION: ENV.AWS_REGION });
    expect(container.resolve(GetInventory)).toBeInstanceOf(GetInventory);
    expect(() => container.resolve(FulfilPaidOrder)).toThrow(/DOWNLOAD_KEY_SECRET_ID/);
  });

  it('refuses to start with a broken configuration and names every problem', () => {
    expect(() =>
      createContainer({ AWS_REGION: 'nowhere', AWS_ENDPOINT_URL_DYNAMODB: 'localhost:8000', EVENT_LEASE_SECONDS: 'x' }),
    ).toThrow(/TABLE_NAME.*AWS_REGION.*AWS_ENDPOINT_URL_DYNAMODB.*EVENT_LEASE_SECONDS/);
  });
});
