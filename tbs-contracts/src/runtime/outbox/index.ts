export {
  OUTBOX_ENTITY_TYPE,
  OUTBOX_PARTITION,
  type OutboxKey,
  type OutboxTransactPut,
  outboxKeyOf,
  outboxPut,
  outboxPutAll,
} from './outbox-put';
export {
  DEFAULT_GRACE_MS,
  type OutboxPublisher,
  OutboxRelay,
  type OutboxRelayOptions,
  type RelayResult,
} from './outbox-relay';
