import { CONFIDENCE_UNKNOWN } from './thresholds.ts';

/** What one header feeds, before the columns are assembled into a mapping. */
export type ColumnRole =
  | 'contact_id'
  | 'company'
  | 'street'
  | 'house_number'
  | 'street_name'
  | 'formatted_address'
  | 'city'
  | 'state'
  | 'zip'
  | 'zip4'
  | 'phone'
  | 'person_full'
  | 'person_first'
  | 'person_last'
  | 'ignore';

/** Which address (or phone) a column belongs to: where the business is, or where its mail goes. */
export type Qualifier = 'site' | 'none' | 'billing' | 'mailing' | 'shipping' | 'alternate' | 'other' | 'home';

/** Business-name columns: the name itself, or another name of the same business. */
export type NameKind = 'primary' | 'dba' | 'legal' | 'billing';

/** Id columns: a row key, an account/customer number, a site's id (premise, store), or another identifier. */
type IdKind = 'record' | 'account' | 'site' | 'other';

export interface ColumnClass {
  header: string;
  index: number;
  role: ColumnRole;
  confidence: number;
  /** Header tokens and value counts only, never a cell value. */
  reason: string;
  /** Id of the rule that decided the column (column-rules.ts, value-rules in classify-by-values.ts, column-context.ts). */
  rule: string;
  qualifier: Qualifier;
  /** "Address 1 - City" and "Ship to City 1" belong to numbered address sets. */
  setNumber: number | null;
  /** Street line (1 = line 1, 2 = suite line). */
  line: number;
  /** Lower wins among columns of the same role. */
  rank: number;
  nameKind: NameKind | null;
  idKind: IdKind | null;
  /** Phones such as fax or pager that never become number1/number2. */
  variantOnly: boolean;
  /** Non-blank sample cells. */
  filled: number;
  /** The parser's ` (n)` suffix: the n-th column of a header name repeated in the file. */
  copy: number | null;
  /** Classified by its values alone (blank or unknown header): no header evidence of what it is. */
  fromValues: boolean;
}

export function makeClass(header: string, index: number, filled: number, partial: Partial<ColumnClass>): ColumnClass {
  return {
    header,
    index,
    role: 'ignore',
    confidence: CONFIDENCE_UNKNOWN,
    reason: '',
    rule: '',
    qualifier: 'none',
    setNumber: null,
    line: 1,
    rank: 0,
    nameKind: null,
    idKind: null,
    variantOnly: false,
    filled,
    copy: null,
    fromValues: false,
    ...partial,
  };
}
