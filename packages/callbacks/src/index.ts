export { isForbiddenAddress } from './address-policy.ts';
export { CallbackUrlRejection, checkCallbackUrl, parseCallbackUrl, type CallbackPolicy } from './callback-url.ts';
export { postCallback, type CallbackResponse } from './send-callback.ts';
export { signCallback, verifyCallback } from './signature.ts';
export { CALLBACK_EVENT_TYPES, type CallbackEventType } from './event-types.ts';
