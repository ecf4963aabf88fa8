// `npm run bench`: one line per figure, ratios included. Speed targets live here, never in tests.
import { runCsvBench } from './bench-csv.ts';
import { runDirectoryBench } from './bench-directory.ts';
import { runFairnessBench } from './bench-fairness.ts';
import { runHostileBench } from './bench-hostile.ts';
import { runHuntBench } from './bench-hunts.ts';
import { runMappingBench } from './bench-mapping.ts';
import { runIntegrationsBench } from './bench-integrations.ts';
import { runIoBench } from './bench-io.ts';
import { formatFigure, type BenchFigure } from './bench-figures.ts';
import { runMemoryBench } from './bench-memory.ts';
import { runPipelineBench } from './bench-pipeline.ts';
import { runStorageBench } from './bench-storage.ts';

const suites: Array<[string, () => Promise<Array<string | BenchFigure>>]> = [
  ['csv', runCsvBench],
  ['hostile', runHostileBench],
  ['mapping', runMappingBench],
  ['directory', runDirectoryBench],
  ['pipeline', runPipelineBench],
  ['integrations', runIntegrationsBench],
  ['memory', runMemoryBench],
  ['storage', runStorageBench],
  ['hunts', runHuntBench],
  ['fairness', runFairnessBench],
  ['io', runIoBench],
];
const only = process.argv.slice(2);
for (const [name, run] of suites) {
  if (only.length > 0 && !only.includes(name)) continue;
  for (const line of await run()) console.log(typeof line === 'string' ? line : formatFigure(line));
}
