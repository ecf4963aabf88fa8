export {
  queueJobCatalog,
  queueNames,
  queueJobKeysOf,
  rowEnrichQueueJobId,
  rowDeliveryId,
  callbackDeliveryQueueJobId,
  freshRowDeliveryId,
  mapHeadersResultSchema,
  type CallKey,
  type QueueJobResult,
  type QueueJobKey,
  type QueueJobPayload,
  type QueueName,
} from './catalog.ts';
export { createRedis, pingRedis } from './connection.ts';
export { deliveryStates, type DeliveryState } from './delivery-state.ts';
export { rowPriority, MAX_ROW_PRIORITY } from './row-priority.ts';
export { warnIfRedisEvicts } from './redis-policy.ts';
export { CallFailedError, CallInvalidAnswerError, CallTimeoutError, QueueUnavailableError } from './call-errors.ts';
export { QueueClient, createQueueWorker, type Handlers, type QueueLogger } from './queues.ts';
export * from './hunt-events.ts';
export { shortenHuntTrail } from './hunt-trail.ts';
