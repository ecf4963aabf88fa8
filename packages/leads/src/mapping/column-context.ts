/**
 * Decisions one column cannot make alone: headers that only make sense after the header before
 * them, a bare "Name" read against the rest of the file, and a person who is on every row.
 */
import { makeClass, type ColumnClass, type ColumnRole } from './column-class.ts';
import { tokenizeHeader } from './header-tokens.ts';
import { COMPANY_RANK, PERSON_RANK } from './ranks.ts';
import {
  BARE_NAME_PERSON, BARE_NAME_TEXT, CONFIDENCE_BARE_NAME_COMPANY, CONFIDENCE_CONSTANT_PERSON, CONFIDENCE_CONTEXT, MIN_ROWS_FOR_CONSTANT,
  OTHER_HALF_SINGLE_WORDS, SUITE_LINE_SHARE,
} from './thresholds.ts';
import { profileColumn, share } from './value-shapes.ts';

const CONTINUATION = /^[-–—]\s*/;
const DUPLICATE_SUFFIX = /\s+\(\d+\)$/;

/**
 * MYOB-style card files label only the first column of each block ("Addr 1 - Line 1") and pad
 * the rest ("           - City"), which trim to "- City", "- City (2)". Such a header is read as
 * the block label of the nearest labelled header before it plus its own words ("Addr 1 - City").
 * Returns the name to read each header as (the header itself when it is not a continuation).
 */
export function readingNames(headers: string[]): string[] {
  let block: string | null = null;
  return headers.map((header) => {
    const trimmed = header.trim();
    if (!CONTINUATION.test(trimmed)) {
      const dash = trimmed.lastIndexOf(' - ');
      block = dash > 0 ? trimmed.slice(0, dash) : null;
      return header;
    }
    if (block === null) return header;
    return `${block} - ${trimmed.replace(CONTINUATION, '').replace(DUPLICATE_SUFFIX, '')}`;
  });
}

const PERSON_SHAPE = /^[A-Z][A-Za-z'’.-]*(?:\s+[A-Za-z][A-Za-z'’.-]*){1,3}$/;

function filledValues(values: string[]): string[] {
  return values.map((value) => value.trim()).filter((value) => value !== '');
}

/**
 * A header that is only "Name" (or "Full Name") whose values neither lexicon could place: next to a
 * company column it is the person (CRM contact lists); alone it is the business the row is about.
 */
function isUndecidedBareName(column: ColumnClass): boolean {
  const concepts = tokenizeHeader(column.header).concepts;
  return column.role === 'ignore' && column.filled > 0 && concepts.includes('name') && concepts.every((c) => c === 'name' || c === 'full');
}

function bareNameBesideCompany(column: ColumnClass, values: string[], hasCompany: boolean): ColumnClass {
  if (!hasCompany || !isUndecidedBareName(column)) return column;
  const filled = filledValues(values);
  const personLike = filled.filter((value) => PERSON_SHAPE.test(value)).length;
  if (personLike / filled.length < BARE_NAME_PERSON) return column;
  return makeClass(column.header, column.index, column.filled, {
    role: 'person_full', rank: PERSON_RANK.likely, confidence: CONFIDENCE_CONTEXT, rule: 'context.bare-name-beside-company',
    reason: `rule context.bare-name-beside-company: header tokens name next to a company column; values look like names of people (${personLike}/${filled.length})`,
  });
}

function bareNameAlone(column: ColumnClass, values: string[], hasCompany: boolean): ColumnClass {
  if (hasCompany || !isUndecidedBareName(column)) return column;
  const filled = filledValues(values);
  const textual = filled.filter((value) => /[A-Za-z]{2}/.test(value)).length;
  if (textual / filled.length < BARE_NAME_TEXT) return column;
  return makeClass(column.header, column.index, column.filled, {
    role: 'company', nameKind: 'primary', rank: COMPANY_RANK.likely, confidence: CONFIDENCE_BARE_NAME_COMPANY, rule: 'context.bare-name-alone',
    reason: `rule context.bare-name-alone: header tokens name with no other company column; text values (${textual}/${filled.length})`,
  });
}

/** One name on every sampled row is the CRM user or the list's owner, not each lead's person. */
function dropConstantPerson(column: ColumnClass, values: string[]): ColumnClass {
  if (!['person_full', 'person_first', 'person_last'].includes(column.role)) return column;
  const filled = filledValues(values);
  if (filled.length < MIN_ROWS_FOR_CONSTANT || new Set(filled.map((v) => v.toLowerCase())).size > 1) return column;
  return makeClass(column.header, column.index, column.filled, {
    reason: `rule context.constant-person: the same name on all ${filled.length} sampled rows: a record owner, not the lead's person`,
    rule: 'context.constant-person', confidence: CONFIDENCE_CONSTANT_PERSON,
  });
}

const SINGLE_WORD = /^[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F'’-]*$/;

/**
 * Italian, Spanish and Portuguese sheets pair a bare "Nome"/"Nombre" (given name) with
 * "Cognome"/"Apellidos", English ones "Name" with "Surname"; French ones a bare "Nom" (family
 * name) with "Prénom". A bare name column of single words next to one half of a person's name,
 * with the other half missing, is that other half.
 */
function otherHalfOfName(column: ColumnClass, values: string[], hasFirst: boolean, hasLast: boolean): ColumnClass {
  if (hasFirst === hasLast || column.role !== 'ignore' || column.filled === 0) return column;
  const concepts = tokenizeHeader(column.header).concepts;
  if (!concepts.includes('name') || concepts.some((c) => c !== 'name')) return column;
  const filled = filledValues(values);
  const single = filled.filter((value) => SINGLE_WORD.test(value)).length;
  if (single / filled.length < OTHER_HALF_SINGLE_WORDS) return column;
  const role = hasLast ? 'person_first' : 'person_last';
  return makeClass(column.header, column.index, column.filled, {
    role, confidence: CONFIDENCE_CONTEXT, rule: 'context.other-half-of-name',
    reason: `rule context.other-half-of-name: header tokens name next to a ${hasLast ? 'family' : 'given'}-name column; single words (${single}/${filled.length})`,
  });
}

/**
 * Hand-made sheets leave the suite column's header blank ("street address", "", "CITY"): a blank
 * header (`column_<n>`) right after a street line 1 whose values are mostly suites and units
 * ("Ste 200", "#5") is that street's line 2, in its address set.
 */
function suiteAfterStreet(column: ColumnClass, previous: ColumnClass | undefined, values: string[]): ColumnClass {
  if (!previous || previous.role !== 'street' || previous.line !== 1 || column.filled === 0) return column;
  if (!tokenizeHeader(column.header).generated || (column.role !== 'ignore' && column.role !== 'street')) return column;
  const profile = profileColumn(values);
  if (profile.street > 0 || share(profile, profile.line2) < SUITE_LINE_SHARE) return column;
  return makeClass(column.header, column.index, column.filled, {
    role: 'street', line: 2, qualifier: previous.qualifier, setNumber: previous.setNumber, copy: previous.copy, confidence: CONFIDENCE_CONTEXT,
    rule: 'context.suite-after-street', reason: `rule context.suite-after-street: blank header after a street column; values look like suite or unit lines (${profile.line2}/${profile.filled})`,
  });
}

/** A file-level rule: looks at one column with the whole file's classes (as the rules before it left them) and values. */
interface ContextRule {
  id: string;
  apply: (column: ColumnClass, index: number, file: { classes: ColumnClass[]; values: string[][] }) => ColumnClass;
  /** A small file and the role the rule must give the named column. */
  examples: Array<{ headers: string[]; rows: string[][]; header: string; role: ColumnRole }>;
}

const anyRole = (classes: ColumnClass[], role: ColumnRole) => classes.some((column) => column.role === role);

/** The file-level rules, applied in table order (each sees what the previous ones decided). */
export const CONTEXT_RULES: ContextRule[] = [
  {
    id: 'context.constant-person',
    apply: (column, i, file) => dropConstantPerson(column, file.values[i] ?? []),
    examples: [{
      headers: ['Company', 'Contact', 'Zip'], header: 'Contact', role: 'ignore',
      rows: ['Blue Heron LLC', 'Kestrel Tool Inc', 'Red Fox Co', 'Akron Tire Inc', 'Northside Bait LLC'].map((name, i) => [name, 'Gary Plummer', `4430${i}`]),
    }],
  },
  {
    id: 'context.other-half-of-name',
    apply: (column, i, file) =>
      otherHalfOfName(column, file.values[i] ?? [], anyRole(file.classes, 'person_first'), anyRole(file.classes, 'person_last')),
    examples: [{
      headers: ['Nome', 'Cognome', 'Azienda'], header: 'Nome', role: 'person_first',
      rows: [['Marco', 'Rossi', 'Blue Heron Srl'], ['Giulia', 'Bianchi', 'Pasticceria Dolce']],
    }],
  },
  {
    id: 'context.bare-name-beside-company',
    apply: (column, i, file) => bareNameBesideCompany(column, file.values[i] ?? [], anyRole(file.classes, 'company')),
    examples: [{
      headers: ['Name', 'Company', 'Zip'], header: 'Name', role: 'person_full',
      rows: [['Oluwaseun Sato', 'Shop 1 LLC', '45402'], ['Thandiwe Mbeki', 'Shop 2 LLC', '45403']],
    }],
  },
  {
    id: 'context.bare-name-alone',
    apply: (column, i, file) => bareNameAlone(column, file.values[i] ?? [], anyRole(file.classes, 'company')),
    examples: [{
      headers: ['Name', 'Address', 'Zip'], header: 'Name', role: 'company',
      rows: [['Blue Heron', '18 Water St', '83702'], ['Red Fox Outfitters', '410 Foundry Rd', '44308']],
    }],
  },
  {
    id: 'context.suite-after-street',
    apply: (column, i, file) => suiteAfterStreet(column, file.classes[i - 1], file.values[i] ?? []),
    examples: [{
      headers: ['Company', 'Street Address', 'column_3', 'Zip'], header: 'column_3', role: 'street',
      rows: [['Blue Heron LLC', '18 Water St', 'Ste 200', '83702'], ['Kestrel Tool Inc', '410 Foundry Rd', '#5', '44308']],
    }],
  },
];

/** Applies the file-level rules to the per-column classes. */
export function applyColumnContext(classes: ColumnClass[], columnValues: string[][]): ColumnClass[] {
  return CONTEXT_RULES.reduce(
    (current, rule) => current.map((column, i) => rule.apply(column, i, { classes: current, values: columnValues })),
    classes,
  );
}
