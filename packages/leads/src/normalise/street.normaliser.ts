import { foldTokens } from './value.normaliser.ts';

// The docs/directory.md (Matching) list plus the dotted and clipped spellings seen in exports.
const STREET_TYPES: Record<string, string> = {
  st: 'st', str: 'st', street: 'st',
  ave: 'ave', av: 'ave', aven: 'ave', avenue: 'ave', avn: 'ave',
  rd: 'rd', road: 'rd',
  blvd: 'blvd', boul: 'blvd', boulv: 'blvd', boulevard: 'blvd',
  dr: 'dr', drv: 'dr', drive: 'dr',
  ln: 'ln', lane: 'ln',
};

const DIRECTIONALS: Record<string, string> = {
  n: 'n', north: 'n', s: 's', south: 's', e: 'e', east: 'e', w: 'w', west: 'w',
  ne: 'ne', northeast: 'ne', nw: 'nw', northwest: 'nw', se: 'se', southeast: 'se', sw: 'sw', southwest: 'sw',
};

// Words that open a secondary unit; everything from them on is line-2 detail.
const UNIT_MARKERS = new Set(['#', 'ste', 'suite', 'unit', 'apt', 'apartment', 'fl', 'flr', 'floor', 'rm', 'room', 'bldg', 'building', 'dept', 'po', 'pmb']);

const HOUSE_NUMBER = /^\d+[a-z]?$/;
const ORDINAL = /^\d+(st|nd|rd|th)$/;

/**
 * Comparison key for address line 1: house number and street name with
 * street types and directionals in one spelling, and any unit (also one
 * that arrived by merging line 2 in) set aside. Null when there is no
 * house number followed by a name: a bare street name plus a zip is too
 * weak to claim two records are the same place.
 */
export function streetKey(street: string | null | undefined): string | null {
  if (street === null || street === undefined) return null;
  // A cell holding more than line 1: a second line inside it ("3509 Elm Street\nRear entrance",
  // stored as "3509 Elm Street, Rear entrance") or a label before it ("Building 5, 100 Main St").
  // The first part that reads as a street is line 1; when none does alone ("12, Rue de la Paix"), the whole.
  const parts = street.split(/[\r\n,]+/);
  if (parts.length > 1) {
    for (const part of parts) {
      const key = lineKey(part);
      if (key !== null) return key;
    }
  }
  return lineKey(street);
}

function lineKey(street: string): string | null {
  const tokens = foldTokens(street);
  const houseNumber = tokens[0];
  if (houseNumber === undefined || !HOUSE_NUMBER.test(houseNumber)) return null;
  const name = cutUnit(tokens.slice(1)).map((token) => STREET_TYPES[token] ?? DIRECTIONALS[token] ?? token);
  if (name.length === 0) return null;
  return [houseNumber, ...name].join(' ');
}

function cutUnit(nameTokens: string[]): string[] {
  // Start at 1: the first word after the house number is the street name even if it reads like a unit (`100 Unit Rd` is rare but real).
  for (let index = 1; index < nameTokens.length; index += 1) {
    const token = nameTokens[index] as string;
    if (UNIT_MARKERS.has(token)) {
      // `2nd Floor`: the ordinal belongs to the unit, not the street.
      const previous = nameTokens[index - 1] as string;
      const cut = (token === 'fl' || token === 'flr' || token === 'floor') && ORDINAL.test(previous) && index > 1 ? index - 1 : index;
      return nameTokens.slice(0, cut);
    }
    // A bare number after the street type (`100 Main St 200`) is a unit whose marker got lost.
    const previous = nameTokens[index - 1] as string;
    if (/^\d+[a-z]?$/.test(token) && STREET_TYPES[previous] !== undefined) return nameTokens.slice(0, index);
  }
  return nameTokens;
}
