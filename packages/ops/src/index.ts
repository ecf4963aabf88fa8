export { processRegistry, renderMetrics } from './metrics-registry.ts';
export { llmCalls, llmTokens, recordLlmCall, recordLlmUsage, type LlmPurpose } from './llm.metrics.ts';
export { createStateMetrics, type StateSources } from './state.metrics.ts';
export { checkReadiness, type ReadinessDeps, type ReadinessReport } from './readiness.ts';
export { createHealthServer, startHealthServer, type HealthHandlers, type HealthServerOptions } from './health-server.ts';
