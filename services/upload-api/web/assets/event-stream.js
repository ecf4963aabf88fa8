// The job's server-sent events, read with fetch so the Authorization header can be sent
// (EventSource cannot). When the stream is missing (404) or keeps failing, the caller polls.
import { jobAuth } from './common.js';

/** Parses "event:/data:" blocks out of a growing text buffer; returns the unparsed tail. */
export function parseEvents(buffer, emit) {
  const blocks = buffer.split(/\r?\n\r?\n/);
  const tail = blocks.pop() ?? '';
  for (const block of blocks) {
    let type = 'message';
    let id = null;
    const data = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') id = value;
    }
    if (data.length > 0) emit(type, data.join('\n'), id);
  }
  return tail;
}

/**
 * Follows /events. `onEvent(type, payload)` gets parsed JSON; `onMode(mode)` hears 'live' while
 * the stream is open and 'polling' once it gave up (not served, or failed three times in a row).
 */
export function followJobEvents(jobId, { onEvent, onMode, finished = () => false }) {
  const controller = new AbortController();
  let failures = 0;
  let closed = false;
  // Sent back on reconnect so the server replays what this page missed meanwhile.
  let lastEventId = null;

  async function connect() {
    const res = await fetch(`/api/v1/batch/enrich/${jobId}/events`, {
      headers: { accept: 'text/event-stream', authorization: jobAuth(jobId) ?? '', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
      signal: controller.signal,
    });
    if (res.status === 404 || res.status === 401 || !res.body || !(res.headers.get('content-type') ?? '').includes('text/event-stream')) {
      return 'unavailable';
    }
    onMode('live');
    failures = 0;
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return 'ended';
      buffer = parseEvents(buffer + value, (type, data, id) => {
        if (id) lastEventId = id;
        let payload;
        try {
          payload = JSON.parse(data);
        } catch (err) {
          console.warn('event stream: data is not JSON', type, err.message);
          return;
        }
        onEvent(type, payload);
      });
    }
  }

  async function run() {
    // A stream the server ends after the job finished is not reopened.
    while (!closed && !finished()) {
      let outcome;
      try {
        outcome = await connect();
      } catch (err) {
        if (closed) return;
        console.warn('event stream failed', err.message);
        outcome = 'failed';
      }
      if (closed || finished()) return;
      if (outcome === 'unavailable') {
        onMode('polling');
        return;
      }
      failures += 1;
      if (failures >= 3) {
        onMode('polling');
        return;
      }
      onMode('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, 1000 * failures));
    }
  }

  run();
  return {
    close() {
      closed = true;
      controller.abort();
    },
  };
}
