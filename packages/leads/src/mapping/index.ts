export { fastPathMapping } from './fast-path.ts';
export { heuristicMapping } from './heuristic.ts';
export { isMappable } from './mappable.ts';
export { headerFingerprint, normaliseHeader } from './normalise-header.ts';
export { validateColumnMapping, type MappingValidation } from './validate-mapping.ts';
export { buildChatLabel } from './chat-label.ts';
export { withFieldDecisions } from './field-decisions.ts';
