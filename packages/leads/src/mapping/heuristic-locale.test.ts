import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitCompound, tokenizeHeader } from './header-tokens.ts';
import { heuristicMapping } from './heuristic.ts';

// Rules added after the third blind corpus (tests/fixtures/exports-blind3): European headers,
// repeated plain headers for a second address, one-cell "house + street", attention lines.

const concepts = (header: string) => tokenizeHeader(header).concepts;

test('European headers read accent-insensitively, with Nº/N°/No. as the number sign', () => {
  assert.deepEqual(concepts('Nº Cliente'), ['number', 'customer']);
  assert.deepEqual(concepts('N° client'), ['number', 'customer']);
  assert.deepEqual(concepts('Direccion'), concepts('Dirección'));
  assert.deepEqual(concepts('Straße'), ['street']);
  assert.deepEqual(concepts('Hausnummer'), ['house', 'number']);
  assert.deepEqual(concepts('Klantnummer'), ['customer', 'number']);
  assert.deepEqual(concepts('Código Postal'), ['code', 'postal']);
  assert.deepEqual(concepts('C.P.'), ['zip']);
  assert.deepEqual(concepts('Razão Social'), ['legal']);
});

test('short foreign words are not found inside English compounds', () => {
  assert.deepEqual(splitCompound('report'), ['report']);
  assert.deepEqual(concepts('Landline'), ['phone']);
});

const SPANISH = ['Nº Cliente', 'Empresa', 'Nombre comercial', 'Dirección', 'Dirección 2', 'Ciudad', 'Provincia', 'C.P.', 'Teléfono', 'Móvil', 'Persona de contacto', 'Correo electrónico'];
const SPANISH_ROW = ['7766', 'Blue Heron Foods LLC', 'Heron Deli', '18 Water St', 'Ste 2', 'Boise', 'ID', '83702', '(208) 555-0100', '208-555-0101', 'Dana Haney', 'dana@example.com'];

test('a Spanish Excel export maps like its English counterpart', () => {
  const mapping = heuristicMapping(SPANISH, [SPANISH_ROW]);
  assert.deepEqual(mapping?.columns, {
    contact_id: 'Nº Cliente', company: 'Empresa', street: ['Dirección', 'Dirección 2'], city: 'Ciudad', state: 'Provincia', zip: 'C.P.',
    number1: 'Teléfono', number2: 'Móvil', dm_name: 'Persona de contacto',
  });
  assert.deepEqual(mapping?.search_variants, [{ header: 'Nombre comercial', kind: 'company' }]);
});

test('German, French, Italian, Portuguese and Dutch headers', () => {
  const row = ['Blue Heron GmbH', '18 Water St', '83702', 'Boise', 'ID', '(208) 555-0100', 'Dana', 'Haney'];
  const german = heuristicMapping(['Firmenname', 'Straße', 'PLZ', 'Ort', 'Bundesland', 'Telefonnummer', 'Vorname', 'Nachname'], [row]);
  assert.deepEqual(german?.columns, { company: 'Firmenname', street: 'Straße', zip: 'PLZ', city: 'Ort', state: 'Bundesland', number1: 'Telefonnummer', dm_name: ['Vorname', 'Nachname'] });
  const french = heuristicMapping(['Raison sociale', 'Adresse', 'Code postal', 'Ville', 'Région', 'Téléphone', 'Prénom', 'Nom de famille'], [row]);
  assert.deepEqual(french?.columns, { company: 'Raison sociale', street: 'Adresse', zip: 'Code postal', city: 'Ville', state: 'Région', number1: 'Téléphone', dm_name: ['Prénom', 'Nom de famille'] });
  // "Nome" next to "Cognome" is the given name.
  const italian = heuristicMapping(['Ragione sociale', 'Indirizzo', 'CAP', 'Città', 'Provincia', 'Telefono', 'Nome', 'Cognome'], [row]);
  assert.deepEqual(italian?.columns, { company: 'Ragione sociale', street: 'Indirizzo', zip: 'CAP', city: 'Città', state: 'Provincia', number1: 'Telefono', dm_name: ['Nome', 'Cognome'] });
  const portuguese = heuristicMapping(['Empresa', 'Endereço', 'CEP', 'Cidade', 'UF', 'Telefone', 'Nome', 'Sobrenome'], [row]);
  assert.deepEqual(portuguese?.columns, { company: 'Empresa', street: 'Endereço', zip: 'CEP', city: 'Cidade', state: 'UF', number1: 'Telefone', dm_name: ['Nome', 'Sobrenome'] });
  const dutch = heuristicMapping(['Bedrijfsnaam', 'Adres', 'Postcode', 'Plaats', 'Provincie', 'Telefoonnummer', 'Voornaam', 'Achternaam'], [row]);
  assert.deepEqual(dutch?.columns, { company: 'Bedrijfsnaam', street: 'Adres', zip: 'Postcode', city: 'Plaats', state: 'Provincie', number1: 'Telefoonnummer', dm_name: ['Voornaam', 'Achternaam'] });
  // French "Nom" next to "Prénom" is the family name.
  const nom = heuristicMapping(['Société', 'Adresse', 'Code postal', 'Prénom', 'Nom'], [['Blue Heron SARL', '18 Water St', '83702', 'Dana', 'Haney']]);
  assert.deepEqual(nom?.columns.dm_name, ['Prénom', 'Nom']);
});

test('repeated City/State/Zip after a second street belong to that street, as variants', () => {
  const headers = ['Member', 'Address', 'Address (2)', 'City', 'State', 'Zip', 'Mailing Address', 'City (2)', 'State (2)', 'Zip (2)'];
  const mapping = heuristicMapping(headers, [['Blue Heron LLC', '18 Water St', 'Ste 2', 'Boise', 'ID', '83702', 'PO Box 9', 'Nampa', 'ID', '83651']]);
  assert.deepEqual(mapping?.columns.street, ['Address', 'Address (2)']);
  assert.equal(mapping?.columns.city, 'City');
  assert.deepEqual(mapping?.search_variants, [
    { header: 'Mailing Address', kind: 'street', set: 'mailing' }, { header: 'City (2)', kind: 'city', set: 'mailing' },
    { header: 'State (2)', kind: 'state', set: 'mailing' }, { header: 'Zip (2)', kind: 'zip', set: 'mailing' },
  ]);
});

test('a whole street in a "house street" cell is the street line; an attention line of departments feeds nothing', () => {
  const headers = ['ACCOUNT_NUM', 'ACCT_NAME', 'SVC_HOUSE_STREET', 'SVC_UNIT', 'SVC_ZIP', 'BILL_ATTN'];
  const rows = [
    ['7680555407', 'BLUE HERON LLC', '46192 LINCOLN RD', '#5', '45402', 'ACCOUNTS PAYABLE'],
    ['8173754496', 'ZHAO CATERING CORP', '546 WABASH LN', '', '43206', 'ATTN HYUN PARK'],
  ];
  const mapping = heuristicMapping(headers, rows);
  assert.deepEqual(mapping?.columns.street, ['SVC_HOUSE_STREET', 'SVC_UNIT']);
  assert.equal(mapping?.columns.dm_name, undefined);
});

test('"Other" and home addresses are variants, behind a labelled business address', () => {
  const row = ['Blue Heron LLC', '18 Water St', 'Boise', 'ID', '83702', '9 Elm St', 'Nampa', 'ID', '83651'];
  const mailing = heuristicMapping(['Organization', 'Mailing Street', 'Mailing City', 'Mailing State', 'Mailing Zip', 'Other Street', 'Other City', 'Other State', 'Other Zip'], [row]);
  assert.deepEqual(mailing?.search_variants.map((v) => v.header), ['Other Street', 'Other City', 'Other State', 'Other Zip']);
  const business = heuristicMapping(['Company', 'Business Street', 'Business City', 'Business State', 'Business Postal Code', 'Other Street', 'Other City', 'Other State', 'Other Postal Code'], [row]);
  assert.equal(business?.columns.street, 'Business Street');
  assert.deepEqual(business?.search_variants.map((v) => v.header), ['Other Street', 'Other City', 'Other State', 'Other Postal Code']);
  const home = heuristicMapping(['Company', 'Home Street', 'Home City', 'Home State', 'Home Postal Code', 'Business Street', 'Business City', 'Business State', 'Business Postal Code'], [row]);
  assert.equal(home?.columns.street, 'Business Street');
  assert.deepEqual(home?.search_variants.map((v) => v.header), ['Home Street', 'Home City', 'Home State', 'Home Postal Code']);
});

test('a dotted "PRINTAS" column is the trade name, a search variant', () => {
  const mapping = heuristicMapping(['CUSTOMERID', 'NAME', 'DISPLAYCONTACT.PRINTAS', 'DISPLAYCONTACT.MAILADDRESS.ZIP'], [['CUST-1', 'A.C. Tsosie LLC', 'Tidewater Grill', '30303']]);
  assert.deepEqual(mapping?.search_variants, [{ header: 'DISPLAYCONTACT.PRINTAS', kind: 'company' }]);
});
