/**
 * Small word lists that tell a business name from a person's name and a state from a city.
 * General US vocabulary, not tuned to any one export.
 */
import { US_STATE_CODES_BY_NAME } from '../normalise/us-states.data.ts';

// The states, DC and territories are listed once, in normalise/us-states.data.ts.
export { US_STATE_CODES } from '../normalise/us-states.data.ts';

/** Full state and territory names, lower case (as value-shapes compares them). */
export const US_STATE_NAMES: ReadonlySet<string> = new Set(Object.keys(US_STATE_CODES_BY_NAME));

/** Legal-form suffixes and joiners that mark a business name. */
export const BUSINESS_MARKERS =
  /(?:\b(?:llc|l\.l\.c|inc|incorporated|corp|corporation|co|company|ltd|limited|lp|llp|pllc|plc|pc|p\.c|dba|holdings|enterprises|associates|partners|group|sons|brothers|bros)\b\.?|&|\bthe\b)/i;

/** Trade words common in US small-business names. */
export const BUSINESS_WORDS = new Set(
  (
    'academy agency antiques apartments appliance appliances architects auto automotive bakery bank bar barber ' +
    'bistro boutique brewing builders cafe care carpet catering center centre chiropractic church cleaners ' +
    'cleaning clinic collision construction consulting contractors contracting dental dentistry design diner ' +
    'distributing distribution electric electrical engineering equipment events fabrication farm farms feed ' +
    'fitness florist flooring foods funeral furniture garage gallery glass grill hardware health heating home ' +
    'hospital hotel hvac imports industries institute insurance jewelers kennels kitchen landscaping laundromat ' +
    'law lawn lumber machine machining management market markets marine meats medical mechanical motel motors ' +
    'movers nursery office optical paint painting pharmacy pizza pizzeria plumbing pool printing products ' +
    'properties property realty rentals repair restaurant roofing salon school seafood service services shop ' +
    'solutions spa storage studio supply supplies systems tavern technologies tire tires tractor transport ' +
    'trucking veterinary welding wholesale winery works'
  ).split(' '),
);

/** Common US given names: a value starting with one of them is most likely a person. */
export const FIRST_NAMES = new Set(
  (
    'aaron adam alan albert alex alexander alice alicia allison amanda amber amy andrea andrew angela anna ' +
    'anne anthony antonio april ashley barbara benjamin beth betty bill billy bob bobby bonnie brad bradley ' +
    'brandon brenda brian brittany bruce bryan carl carla carlos carol carolyn catherine charles cheryl chris ' +
    'christina christine christopher cindy claire craig curtis cynthia dale dan dana daniel danielle darren ' +
    'dave david dawn dean deborah debra denise dennis derek diana diane donald donna doris dorothy douglas ' +
    'dustin earl edward eileen elizabeth ellen emily emma eric erica erin ethan eugene evelyn frances frank ' +
    'gary george gerald gina glenn gloria grace greg gregory hannah harold heather hector helen henry holly ' +
    'howard ian jack jacob jacqueline james jamie jane janet janice jason jean jeff jeffrey jennifer jeremy ' +
    'jerry jesse jessica jill jim jimmy joan joe joel john johnny jon jonathan jordan jose joseph joshua joyce ' +
    'juan judith judy julie justin karen kathleen kathryn kathy katie keith kelly ken kenneth kevin kim ' +
    'kimberly kyle larry laura lauren lawrence linda lisa lori louis luis lynn marcus margaret maria marie ' +
    'marilyn mark martha martin mary matthew megan melissa michael michelle mike monica nancy nathan nicholas ' +
    'nicole noah olivia omar pamela patricia patrick paul peter phillip priya rachel ralph randy raymond ' +
    'rebecca richard rick rita robert roger ronald rose roy russell ruth ryan samantha samuel sandra sara ' +
    'sarah scott sean sharon shawn shirley stephanie stephen steve steven susan tammy teresa terry thomas ' +
    'timothy tina todd tom tony tracy tyler victor victoria vincent virginia walter wayne wei wendy william ' +
    'willie yolanda zachary'
  ).split(' '),
);
