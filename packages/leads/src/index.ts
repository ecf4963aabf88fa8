export * from './types.ts';
export * from './normalise/index.ts';
export * from './derive-row.ts';
export * from './mapping/index.ts';
export * from './result-graph.ts';
