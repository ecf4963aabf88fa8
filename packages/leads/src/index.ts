export * from './types.ts';
export * from './normalise/index.ts';
export * from './derive-row.ts';
export * from './mapping/index.ts';
export * from './result-graph.ts';
export * from './column-mapping.schema.ts';
export * from './lead-minimum.ts';
export * from './variant-sets.ts';
