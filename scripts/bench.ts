// `npm run bench`: one line per figure, ratios included. Speed targets live here, never in tests.
// `npm run bench -- <suite> ...` runs the named suites; `npm run bench -- --issue12` (or `perf`
// with `io`) runs exactly the README Performance table's figures. Every BenchFigure result is also written to
// bench/results.md with the date and the machine it was measured on.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { runCsvBench } from './bench-csv.ts';
import { runDirectoryBench } from './bench-directory.ts';
import { runFairnessBench } from './bench-fairness.ts';
import { formatFigure, ratioOf, type BenchFigure } from './bench-figures.ts';
import { runHostileBench } from './bench-hostile.ts';
import { runHuntBench } from './bench-hunts.ts';
import { runMappingBench } from './bench-mapping.ts';
import { runIntegrationsBench } from './bench-integrations.ts';
import { runIoBench } from './bench-io.ts';
import { runMemoryBench } from './bench-memory.ts';
import { runPerfBench } from './bench-perf.ts';
import { runPipelineBench } from './bench-pipeline.ts';
import { runStorageBench } from './bench-storage.ts';

type Suite = () => Promise<Array<string | BenchFigure>>;
const suites: Array<[string, Suite]> = [
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
  ['perf', runPerfBench],
];
/** The README Performance table's figures: the worker's (`perf`) and upload/download (`io`). */
const ISSUE12 = ['perf', 'io'];

const args = process.argv.slice(2);
const only = args.flatMap((arg) => (arg === '--issue12' ? ISSUE12 : [arg]));
const machine = {
  cores: cpus().length,
  cpu: cpus()[0]?.model.trim() ?? 'unknown',
  memoryGb: totalmem() / 1024 ** 3,
  node: process.version,
  load: loadavg().map((n) => n.toFixed(2)).join(' '),
};
const figures: BenchFigure[] = [];
for (const [name, run] of suites) {
  if (only.length > 0 && !only.includes(name)) continue;
  for (const result of await run()) {
    if (typeof result === 'string') console.log(result);
    else {
      figures.push(result);
      console.log(formatFigure(result));
    }
  }
}

if (figures.length > 0) {
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const host = `${machine.cores} cores, ${machine.cpu}, ${machine.memoryGb.toFixed(1)} GB, node ${machine.node}, load average at start ${machine.load}`;
  const cell = (s: string) => s.replaceAll('|', '\\|');
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench${args.length > 0 ? ` -- ${args.join(' ')}` : ''}\`. Each ratio is value ÷ limit, both measured in the same run.`,
    '',
    '| figure | value | limit | ratio | date | machine | note |',
    '|---|---|---|---|---|---|---|',
    ...figures.map((f) => {
      const digits = f.unit === 'x' || f.unit === 'ratio' ? 2 : 0;
      return `| ${cell(f.figure)} | ${f.value.toFixed(digits)} ${f.unit} | ${f.better === 'lower' ? '≤' : '≥'} ${f.limit} ${f.unit} | ${ratioOf(f).toFixed(2)} | ${date} | ${cell(host)} | ${cell(f.note ?? '')} |`;
    }),
    '',
  ];
  mkdirSync(new URL('../bench/', import.meta.url), { recursive: true });
  writeFileSync(new URL('../bench/results.md', import.meta.url), lines.join('\n'));
  console.log(`bench/results.md: ${figures.length} figure(s)`);
}
