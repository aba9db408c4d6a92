export { eventStoreDBStore } from './event-store'
export type {
  EventStoreDBStore,
  EventStoreDBStoreOptions,
  EventStoreDBSubscribeOptions,
} from './event-store'
export { eventStoreDBProjectionStore } from './projection-store'
export type { EventStoreDBProjectionStoreOptions } from './projection-store'
export { DEFAULT_NAMESPACE, namespaceOf } from './namespace'
export type { Namespace } from './namespace'
export { allPositionOf, positionOf } from './position'
