export { cleanValue, foldText, foldTokens } from './value.normaliser.ts';
export { normalisePhone } from './phone.normaliser.ts';
export { companyKey } from './company.normaliser.ts';
export { streetKey } from './street.normaliser.ts';
export { zipKey, stateKey, cityKey } from './location.normaliser.ts';
export { US_STATE_CODES, US_STATE_CODES_BY_NAME } from './us-states.data.ts';
export { splitOneLineAddress, type OneLineAddress } from './one-line-address.normaliser.ts';
