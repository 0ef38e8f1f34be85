export * as v1009003 from './v1009003'
export * as events from './events'
export * as calls from './calls'
export * as storage from './storage'
