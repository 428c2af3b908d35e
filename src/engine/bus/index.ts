export { MessageBus } from './message-bus.js';
export type { Handler, SubscribeOptions, Unsubscribe } from './message-bus.js';
export { ENDPOINTS, topics } from './switchboard.js';
export type { Endpoint } from './switchboard.js';
