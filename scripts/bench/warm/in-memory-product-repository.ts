// Stands in for the product service's DynamoDB repository when `make bench` bundles the GetProduct handler for the
// warm-overhead comparison: the handler, its middleware and its container stay exactly as shipped, only the
// repository is the in-memory one the product tests use, seeded with one product.
import { InMemoryProductRepository } from '../../../tbs-app-product/tests/fixtures/in-memory-product-repository';
import { aProduct } from '../../../tbs-app-product/tests/fixtures/products';

export const BENCH_PRODUCT_ID = '01JD8X3QK7M2V4R6T8W0Y2A4C6';

export const benchRepository = new InMemoryProductRepository();
await benchRepository.save(aProduct({ id: BENCH_PRODUCT_ID }));

/** The container registers this with `useClass`; constructing it hands back the one seeded repository. */
export const DynamoDbProductRepository = function DynamoDbProductRepository() {
  return benchRepository;
} as unknown as new () => InMemoryProductRepository;
