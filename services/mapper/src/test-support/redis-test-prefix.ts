import { randomBytes } from 'node:crypto';

/** A QUEUE_PREFIX no other test file or stack uses. */
export function uniqueTestPrefix(): string {
  return `test-mapper-${randomBytes(6).toString('hex')}`;
}
