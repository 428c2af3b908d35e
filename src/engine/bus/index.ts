export { MessageBus } from './message-bus.js';
export type { Handler, SubscribeOptions, Unsubscribe } from './message-bus.js';
export { topics } from './switchboard.js';
