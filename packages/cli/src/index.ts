export { main, USAGE } from './main.ts';
export { readEventStream, type StreamEvent } from './event-stream.ts';
export { ProgressView } from './progress.ts';
