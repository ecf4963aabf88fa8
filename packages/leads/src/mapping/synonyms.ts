/**
 * Exact header synonyms for the fast path, already in `normaliseHeader` form (lower case,
 * no spaces, `_`, `-`, `.`, `#`). Only names with one reading belong here: "name" could be a
 * person or a business, "fax" is a search variant, so both go to the heuristic instead.
 * Every canonical field name (README "Reading uploads") is its own synonym: our own standard header
 * (`contact_id,company,street,city,state,zip,number1,number2,dm_name`) never needs judgement.
 */
export type FastPathRole =
  | 'contact_id'
  | 'company'
  | 'street'
  | 'street2'
  | 'city'
  | 'state'
  | 'zip'
  | 'number1'
  | 'number2'
  | 'dm_name'
  | 'first_name'
  | 'last_name'
  | 'ignore';

const SYNONYMS: Record<Exclude<FastPathRole, 'ignore'>, string[]> = {
  contact_id: ['id', 'contactid', 'recordid', 'accountid', 'customerid', 'leadid', 'customernumber', 'accountnumber'],
  company: [
    'company', 'companyname', 'business', 'businessname', 'accountname', 'organization', 'organisation',
    'organizationname', 'organisationname', 'org', 'firm', 'firmname', 'company/account',
  ],
  street: ['address', 'address1', 'addressline1', 'street', 'streetaddress', 'streetaddress1', 'street1', 'addr1'],
  street2: ['address2', 'addressline2', 'street2', 'streetaddress2', 'suite', 'addr2'],
  city: ['city', 'town'],
  state: ['state', 'province', 'st', 'region', 'state/province', 'state/region', 'stateorprovince'],
  zip: ['zip', 'zipcode', 'postalcode', 'postcode', 'zip/postalcode', 'postal'],
  number1: ['phone', 'phonenumber', 'telephone', 'tel', 'mainphone', 'businessphone', 'officephone', 'workphone', 'phone1', 'number1'],
  number2: ['phone2', 'mobile', 'mobilephone', 'cell', 'cellphone', 'altphone', 'alternatephone', 'secondaryphone', 'number2'],
  dm_name: ['contact', 'contactname', 'fullname', 'owner', 'ownername', 'contactperson', 'primarycontact', 'decisionmaker', 'dmname'],
  first_name: ['firstname', 'first', 'fname', 'givenname'],
  last_name: ['lastname', 'last', 'lname', 'surname', 'familyname'],
};

/**
 * Headers that feed nothing and cannot hide a search variant: contact channels we do not
 * search by, free text and CRM bookkeeping. Anything else unknown sends the file to the heuristic.
 */
const IGNORABLE = [
  'email', 'emailaddress', 'website', 'web', 'url', 'notes', 'note', 'comments', 'description', 'country',
  'createddate', 'datecreated', 'createdat', 'lastmodified', 'updatedat', 'industry', 'title', 'jobtitle',
  'tags', 'source', 'leadsource', 'status', 'leadstatus', 'category', 'type', 'employees', 'revenue',
];

const LOOKUP = new Map<string, FastPathRole>();
for (const [role, names] of Object.entries(SYNONYMS)) {
  for (const name of names) LOOKUP.set(name, role as FastPathRole);
}
for (const name of IGNORABLE) LOOKUP.set(name, 'ignore');

/** The fast-path role of a normalised header, or undefined when it is not an exact synonym. */
export function fastPathRole(normalisedHeader: string): FastPathRole | undefined {
  return LOOKUP.get(normalisedHeader);
}
