// Compiled (Ajv standalone) validators of the Published Language: nothing here compiles a schema at runtime.
// Request validators fill in declared defaults; params validators also coerce path/query/header strings in place.
export { type AuthLevel, type OperationId, type OperationRoute, operations } from '../generated/operations';
export * from '../generated/validator-index';
