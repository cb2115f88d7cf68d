export { MissingProducerError } from './absent-producers';
export { type CloudClients, createCloudClients } from './aws-clients';
export { awsEnvironment, type EndpointName, type Standins } from './cloud-standins';
export { type AuthorizerConfig, UnauthorizedError, verifyToken } from './cognito-authorizer';
export { CustomResourceFailedError, runCustomResource } from './custom-resources';
export {
  type DeliveryFaultOptions,
  type DeliveryFaultStats,
  DeliveryFaults,
  InjectedFaultError,
  type InvocationFault,
} from './delivery-faults';
export {
  DEFAULT_LOCAL_CONCURRENCY,
  FunctionInvocationError,
  type FunctionSpec,
  FunctionThrottledError,
  FunctionTimeoutError,
  type InvokeMode,
  LocalFunction,
} from './function-runtime';
export { type ApiDefinition, type CorsConfig, Gateway, type RouteDefinition } from './gateway';
export { ProvisioningError, UnsupportedResourceError } from './provision-errors';
export { type LocalStack, type LocalStackValues, Provisioner } from './provisioner';
export { NO_OP_RESOURCE_TYPES, SUPPORTED_PROPERTIES } from './resource-types';
export { type CronSchedule, parseCron, rateMs } from './schedules';
export { SqsEventSource, type SqsEventSourceConfig } from './sqs-event-source';
export { type LocalCloud, type StartLocalCloudOptions, startLocalCloud } from './start-local-cloud';
