import type { RowVariant } from './types.ts';

/** The street lines, city, state and zip of one variant address set, in mapping order. */
export interface VariantAddressSet {
  /** The mapping's set id; null for a set read from variants stored without one. */
  id: string | null;
  lines: string[];
  city: string | null;
  state: string | null;
  zip: string | null;
}

type AddressKind = 'street' | 'city' | 'state' | 'zip';
const ADDRESS_KINDS = new Set<RowVariant['kind']>(['street', 'city', 'state', 'zip']);
const isAddress = (variant: RowVariant): variant is RowVariant & { kind: AddressKind } => ADDRESS_KINDS.has(variant.kind);

/**
 * Splits a row's address variants into their sets by the set id the mapping gave each column
 * (address-sets.ts groups the columns; derive-row copies the id onto each value). Sets keep the
 * order of their first variant; a set's street lines keep mapping order, and a second city, state
 * or zip in one set (refused by validateColumnMapping, so only in old data) is ignored.
 *
 * Variants without a set id (rows and mappings stored before set ids existed, or a user's or the
 * LLM's mapping that gave none) go through legacySetKeys, the one compatibility rule.
 */
export function variantAddressSets(variants: RowVariant[]): VariantAddressSet[] {
  const addresses = variants.filter(isAddress);
  const legacyKeys = legacySetKeys(addresses.filter((variant) => variant.set === undefined));
  const sets = new Map<string, VariantAddressSet>();
  let legacyIndex = 0;
  for (const variant of addresses) {
    // Keys of the two kinds cannot collide: a set id is never read as a legacy key or back.
    const key = variant.set !== undefined ? `set:${variant.set}` : `legacy:${legacyKeys[legacyIndex++]}`;
    let set = sets.get(key);
    if (set === undefined) {
      set = { id: variant.set ?? null, lines: [], city: null, state: null, zip: null };
      sets.set(key, set);
    }
    if (variant.kind === 'street') set.lines.push(variant.value);
    else set[variant.kind] ??= variant.value;
  }
  return [...sets.values()];
}

/**
 * Compatibility rule for address variants without a set id: they are one set when they cannot be
 * two (at most one city, one state and one zip among them: any number of street lines), and
 * otherwise each is a set of its own. Column order is never read as a set boundary: that guess
 * paired "Shipping Street" with "Mailing Zip". Alone, a street pairs with the lead's primary zip,
 * as a set with no zip always has; a zip alone still locates a variant name. So an old row with two address
 * sets may miss a match it would have found, but is never matched through a street and a zip
 * of two different addresses.
 */
export function legacySetKeys(unset: Array<{ kind: AddressKind }>): number[] {
  const counts = new Map<AddressKind, number>();
  for (const variant of unset) counts.set(variant.kind, (counts.get(variant.kind) ?? 0) + 1);
  const oneSet = (['city', 'state', 'zip'] as const).every((kind) => (counts.get(kind) ?? 0) <= 1);
  return unset.map((_, index) => (oneSet ? 0 : index));
}
