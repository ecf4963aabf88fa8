/**
 * Which column of one role is preferred when several have it: lower wins. One table per role, so
 * the rules that give a rank and the assembly that compares ranks read the same names.
 */

/** Phones: the first two callable (non variant-only) phones become number1 and number2. */
export const PHONE_RANK = {
  /** "Phone", "Main Phone", "Business Phone". */
  main: 0,
  /** "Phone 2", "Alt Phone". */
  alternate: 1,
  /** "Mobile", "Cell". */
  mobile: 2,
  /** Home, "other", toll-free and direct-dial lines: callable, behind the business's own. */
  secondary: 3,
  /** Car, radio, TTY, callback, an assistant's phone: searched as a variant only. */
  otherLine: 8,
  /** Fax and pager: searched as a variant only. */
  fax: 9,
} as const;
/** A second phone ranked worse than this never becomes number2. */
export const PHONE_RANK_CALLABLE = PHONE_RANK.secondary;

/** Contact ids: the row key first, then account numbers, then other ids. */
export const ID_RANK = { record: 0, account: 1, other: 2, billingAccount: 3, subAccount: 4 } as const;

/** Business names of kind primary: a header that says "company" beats one that says "name" or holds names. */
export const COMPANY_RANK = { named: 0, likely: 1, guessed: 2 } as const;

/** Decision-maker names. A full-name column ranked below PERSON_RANK.pair loses to a first + last pair. */
export const PERSON_RANK = { named: 0, likely: 1, pair: 2, attention: 3 } as const;
