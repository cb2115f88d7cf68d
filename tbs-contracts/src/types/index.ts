// Types of the Published Language, generated from the OpenAPI specs and event schemas.
export * from '../generated/types/index';
export type { OperationParams } from './operation-params';
