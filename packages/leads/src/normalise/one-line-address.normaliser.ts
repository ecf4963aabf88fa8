import { stateKey } from './location.normaliser.ts';
import { US_STATE_CODES_BY_NAME } from './us-states.data.ts';

/** The parts of a one-line address; `city` is null when nothing separates it from the street. */
export interface OneLineAddress {
  street: string;
  city: string | null;
  state: string;
  zip: string;
}

const COUNTRY_TAIL = /[,\s]+(?:usa|us|u\.s\.a?\.?|united states(?: of america)?)\.?$/i;
const ZIP_TAIL = /[,\s]+(\d{5}(?:-?\d{4})?)$/;
// Longest first, so "west virginia" is tried before "virginia".
const STATE_NAMES = Object.keys(US_STATE_CODES_BY_NAME).sort((a, b) => b.length - a.length);

/**
 * Splits "455 Elm St Ste 3, Dayton, OH 45402[, USA]" (Google, CRM "Full Address" cells) or
 * Mailchimp's "455 Elm St  Dayton  OH  45402  US" into street, city, state and zip. Null unless
 * the value ends in a US state and zip: anything less is not safely one address.
 */
export function splitOneLineAddress(value: string | null | undefined): OneLineAddress | null {
  if (value === null || value === undefined) return null;
  const text = value.trim().replace(COUNTRY_TAIL, '');
  const zipMatch = ZIP_TAIL.exec(text);
  if (zipMatch === null) return null;
  const beforeZip = text.slice(0, zipMatch.index).replace(/[,\s]+$/, '');
  const state = trailingState(beforeZip);
  if (state === null) return null;
  const rest = beforeZip.slice(0, beforeZip.length - state.length).replace(/[,\s]+$/, '');
  const code = stateKey(state);
  if (code === null || rest === '') return null;
  // Commas, line breaks or Mailchimp's double spaces separate the street from the city.
  const parts = rest.split(/\s*[,\n]\s*|\s{2,}/).filter((part) => part !== '');
  if (parts.length < 2) return { street: rest, city: null, state: code, zip: zipMatch[1] as string };
  return { street: parts.slice(0, -1).join(' '), city: parts[parts.length - 1] as string, state: code, zip: zipMatch[1] as string };
}

function trailingState(text: string): string | null {
  const code = /(?:^|[,\s])([A-Za-z]{2})\.?$/.exec(text);
  if (code !== null && stateKey(code[1]) !== null) return text.slice(text.length - code[0].length).replace(/^[,\s]+/, '');
  const lower = text.toLowerCase();
  const name = STATE_NAMES.find((candidate) => lower.endsWith(candidate) && /(?:^|[,\s])$/.test(lower.slice(0, lower.length - candidate.length)));
  return name === undefined ? null : text.slice(text.length - name.length);
}
