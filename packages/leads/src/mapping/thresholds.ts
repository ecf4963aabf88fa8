/**
 * Every number the mapping heuristics compare against, named, with why it is what it is.
 * Shares are "cells of the expected shape / non-blank sample cells" (see `share` in value-shapes.ts).
 */

// ── Header says what the column is; how many values must agree ───────────────────────────────
/** A header names the field; half the values of its shape is enough to keep reading it so. */
export const HEADER_CONFIRMED = 0.5;
/** Zip, city, state, one-line address: most values must agree, since their shapes are easy to mistake. */
export const HEADER_CONFIRMED_STRICT = 0.6;
/** A bare "Address" is a street when this share holds a street or a suite: hand-made sheets mix free text in. */
export const STREET_LINE_MIN = 0.3;
/** "Address (2)" of suites/units, a blank header after a street: half of the filled cells must be suites. */
export const SUITE_LINE_SHARE = 0.5;
/** A column of row keys: nearly every cell is an opaque key (GUID, account code). */
export const KEY_SHARE = 0.8;
/** "Svc Addr #": an address-number column must be nearly all numbers before it is a house number. */
export const HOUSE_NUMBER_SHARE = 0.8;
/** More than half of an "id" column being names means the header lies. */
export const NAMES_IN_ID_COLUMN = 0.5;
/** A "title" column of business names (scraped map listings) names the place, not a job. */
export const TITLE_AS_BUSINESS = 0.5;
/** A contact column of mostly businesses, or an attention line of mostly people: half decides. */
export const PEOPLE_OR_BUSINESSES = 0.5;

// ── No header to lean on: the values alone ─────────────────────────────────────────────────────
/** Without a header a shape must hold for most cells before it decides anything. */
export const VALUES_ALONE = 0.8;
/** Street, one-line address, names, junk (emails, links, dates): recognisable shapes, a clear majority. */
export const VALUES_ALONE_SHAPE = 0.6;
/** Five digits and two letters are common in other columns; bare zips and states need almost every cell. */
export const VALUES_ALONE_ZIP_OR_STATE = 0.9;

// ── File-level context (column-context.ts) ─────────────────────────────────────────────────────
/** A bare "Name" next to a company column is the person when most values are person-shaped. */
export const BARE_NAME_PERSON = 0.6;
/** A bare "Name" alone is the business when nearly all values are text. */
export const BARE_NAME_TEXT = 0.8;
/** "Nome" next to "Cognome": nearly all values must be single words. */
export const OTHER_HALF_SINGLE_WORDS = 0.8;
/** One name on every sampled row means a record owner only when the sample is at least this large. */
export const MIN_ROWS_FOR_CONSTANT = 5;

// ── Confidence reported per field ──────────────────────────────────────────────────────────────
/** A header reading with no values to check it. */
export const CONFIDENCE_HEADER_ONLY = 0.75;
/** A header reading that nearly all values confirm (share ≥ CONFIDENCE_STRONG_SHARE). */
export const CONFIDENCE_CONFIRMED = 0.95;
export const CONFIDENCE_STRONG_SHARE = 0.8;
/** Below that, confidence rises from this floor with the share that agrees. */
export const CONFIDENCE_FLOOR = 0.7;
export const CONFIDENCE_SLOPE = 0.2;
/** A header that says the column feeds nothing ("Email", "Notes"). */
export const CONFIDENCE_IGNORED = 0.9;
/** Read from values alone: from this floor, rising with the share. */
export const CONFIDENCE_VALUES_FLOOR = 0.5;
export const CONFIDENCE_VALUES_SLOPE = 0.4;
/** File-level readings (column-context.ts): weaker than a header, stronger than a guess. */
export const CONFIDENCE_CONTEXT = 0.7;
export const CONFIDENCE_BARE_NAME_COMPANY = 0.65;
export const CONFIDENCE_CONSTANT_PERSON = 0.8;
/** A column nothing decided: no evidence either way. */
export const CONFIDENCE_UNKNOWN = 0.5;
