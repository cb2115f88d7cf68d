// Stands in for the in-memory repository when `make bench` measures warm overhead on realistic work: the bare
// handler then reads through the product service's own DynamoDB repository, configured from the same environment
// (TABLE_NAME, AWS_ENDPOINT_URL_DYNAMODB) as the shipped handler, against the local DynamoDB stand-in.
import 'reflect-metadata';
import { createDocumentClient } from '../../../tbs-app-product/src/infrastructure/dynamodb-client';
import { DynamoDbProductRepository } from '../../../tbs-app-product/src/infrastructure/dynamodb-product-repository';

export const benchRepository = new DynamoDbProductRepository(
  createDocumentClient({
    region: process.env.AWS_REGION ?? 'us-east-1',
    endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB,
  }),
  process.env.TABLE_NAME ?? '',
);
