/** The events a job's callback_url hears about (README "Callbacks"). */
export const CALLBACK_EVENT_TYPES = ['batch.paused', 'batch.resumed', 'batch.completed'] as const;
export type CallbackEventType = (typeof CALLBACK_EVENT_TYPES)[number];
