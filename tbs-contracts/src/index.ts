// @tbs/contracts: the Published Language. Types here; compiled validators in `@tbs/contracts/validators`;
// the middlewares, CloudEvents helpers, publisher and consumer in `@tbs/contracts/runtime`.

export { type AuthLevel, type OperationId, type OperationRoute, operations } from './generated/operations';
export type * from './types/index';
export { EventTypeName } from './types/index';
