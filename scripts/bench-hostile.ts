// How long other requests wait while hostile uploads are read: the real figure behind the
// ordering check in tests/hostile-uploads.test.ts. In-process stack, real PostgreSQL and Redis.
import { pathToFileURL } from 'node:url';
import { hostileFiles, probeWhileUploading } from '../tests/support/hostile-files.ts';
import { startTestStack } from '../tests/support/test-stack.ts';

const RUNS = 3;

/** Benchmark lines (`upload.hostile.<file>_...`) for the root bench script. */
export async function runHostileBench(): Promise<string[]> {
  const stack = await startTestStack({ BATCH_ENRICH_MAX_ROWS: '12000', BATCH_ENRICH_MAX_UPLOAD_BYTES: '5242880', LOG_LEVEL: 'error' }, { services: ['mapper'] });
  const lines: string[] = [];
  let worst = 0;
  try {
    for (const { name, content } of hostileFiles()) {
      const slug = name.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '').toLowerCase();
      let longest = 0;
      let uploadMs = 0;
      let status = 0;
      for (let run = 0; run < RUNS; run += 1) {
        const probe = await probeWhileUploading(stack.api, content);
        longest = Math.max(longest, ...probe.waits);
        uploadMs = Math.max(uploadMs, probe.uploadMs);
        status = probe.uploadStatus;
      }
      worst = Math.max(worst, longest);
      lines.push(`upload.hostile.${slug}.status ${status}`);
      lines.push(`upload.hostile.${slug}.upload_ms ${uploadMs.toFixed(0)}`);
      lines.push(`upload.hostile.${slug}.longest_wait_ms ${longest.toFixed(0)}`);
    }
  } finally {
    await stack.close();
  }
  lines.push(`upload.hostile.longest_wait_ms ${worst.toFixed(0)} (target < 1000)`);
  return lines;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of await runHostileBench()) console.log(line);
}
