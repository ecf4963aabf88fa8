/**
 * Header words of European-locale spreadsheets (Spanish, French, German, Italian, Portuguese,
 * Dutch), read as the same concepts as their English counterparts. Words are lower case and
 * without diacritics: `splitHeader` strips accents before lookup, so "Dirección", "Telefonnummer"
 * and "Código Postal" arrive as "direccion", "telefon"+"nummer", "codigo"+"postal".
 */
import type { Concept } from './header-tokens.ts';

const WORDS: Array<[Concept, string[]]> = [
  // The business and its names.
  ['company', [
    'empresa', 'compania', 'sociedad', 'negocio', 'societe', 'entreprise', 'etablissement', 'firma', 'firmen',
    'unternehmen', 'betrieb', 'azienda', 'ditta', 'societa', 'impresa', 'denominazione', 'companhia', 'bedrijf',
    'bedrijfs', 'onderneming',
  ]],
  ['org', ['organizacion', 'organisation', 'organisatie', 'organizzazione', 'organizacao']],
  // "Nombre comercial", "Nom commercial", "Handelsname", "Nome fantasia", "Enseigne": the trade name.
  ['dba', ['comercial', 'commercial', 'commerciale', 'handels', 'fantasia', 'enseigne', 'insegna']],
  // "Razón social", "Raison sociale", "Ragione sociale": the registered name.
  ['legal', ['razon', 'raison', 'ragione', 'razao', 'fiscal', 'statutaire']],
  ['name', ['nombre', 'nom', 'nome', 'naam', 'bezeichnung', 'denominacion']],
  // People.
  ['contact', [
    'persona', 'contacto', 'responsable', 'interlocuteur', 'ansprechpartner', 'ansprechperson', 'kontakt',
    'referente', 'contatto', 'contato', 'responsavel', 'persoon', 'contactpersoon',
  ]],
  ['first', ['prenom', 'vorname', 'voornaam', 'primeiro']],
  ['last', ['famille', 'apellido', 'apellidos', 'nachname', 'familienname', 'cognome', 'sobrenome', 'achternaam']],
  ['customer', ['cliente', 'clientes', 'client', 'kunde', 'kunden', 'klant', 'klanten']],
  // Identifiers: "Nº Cliente", "Número de cliente", "Kundennummer", "Klantnummer", "Codice cliente".
  ['number', ['numero', 'nummer', 'nro', 'numer']],
  ['id', ['identificador', 'identifiant', 'kennung', 'identificativo']],
  ['code', ['codigo', 'codice', 'codi']],
  // Addresses.
  ['address', ['direccion', 'domicilio', 'adresse', 'adress', 'anschrift', 'indirizzo', 'endereco', 'morada', 'adres']],
  ['street', ['calle', 'rue', 'strasse', 'logradouro', 'straat', 'straatnaam']],
  ['line2', ['complemento', 'complement', 'zusatz', 'toevoeging', 'piso', 'interno']],
  ['house', ['haus', 'huis']],
  // "Adresse ligne 2", "Dirección línea 2", "Adresszeile 2".
  ['line', ['ligne', 'linea', 'linha', 'zeile', 'regel']],
  ['city', [
    'ciudad', 'localidad', 'poblacion', 'municipio', 'ville', 'commune', 'localite', 'stadt', 'ort', 'wohnort',
    'gemeinde', 'citta', 'comune', 'localita', 'cidade', 'concelho', 'plaats', 'woonplaats', 'stad', 'gemeente',
  ]],
  ['state', ['provincia', 'estado', 'bundesland', 'regione', 'uf', 'provincie', 'distrito']],
  ['zip', ['cp', 'plz', 'postleitzahl', 'cap', 'cep']],
  // Billing and shipping qualifiers ("Endereço de Cobrança", "Dirección de facturación", "Adresse de
  // livraison", "Rechnungsadresse", "Indirizzo di spedizione", "Factuuradres"): another address set
  // of the same business. ("Faturamento" is turnover, not billing, so it is left out.)
  ['q_billing', ['cobranca', 'facturacion', 'facturation', 'rechnung', 'rechnungs', 'fatturazione', 'factuur', 'facturatie']],
  ['q_shipping', ['entrega', 'envio', 'livraison', 'lieferung', 'liefer', 'spedizione', 'levering', 'aflever']],
  // Phones.
  ['phone', ['telefono', 'telefon', 'telephone', 'telefone', 'telefoon', 'tlf', 'tfno']],
  ['mobile', ['movil', 'celular', 'portable', 'handy', 'mobil', 'cellulare', 'telemovel', 'mobiel']],
  // "Télécopie" (French) is the fax line.
  ['fax', ['telefax', 'telecopie', 'telecopieur']],
  // Columns that feed nothing: email, country, notes, tax ids, dates.
  ['ignore', [
    'correo', 'electronico', 'courriel', 'pais', 'pays', 'paese', 'nazione', 'notas', 'nota', 'observaciones',
    'remarques', 'bemerkung', 'bemerkungen', 'notizen', 'opmerkingen', 'nif', 'cif', 'siret', 'siren', 'iva',
    'ust', 'btw', 'kvk', 'cnpj', 'cpf', 'fecha', 'datum', 'data', 'cargo', 'puesto', 'fonction', 'funktion',
    'funzione', 'functie', 'sitio', 'webseite',
  ]],
];

/**
 * Words that mark a header as German or Dutch, for words whose meaning depends on the language:
 * "Land" is the country in "Land (Rechnung)" or "Land/Provincie", but a phone in "Land Line".
 */
export const LANGUAGE_MARKERS: Record<'de' | 'nl', string[]> = {
  de: [
    'firma', 'firmen', 'unternehmen', 'betrieb', 'handels', 'bezeichnung', 'ansprechpartner', 'ansprechperson', 'kontakt',
    'vorname', 'nachname', 'familienname', 'kunde', 'kunden', 'nummer', 'kennung', 'anschrift', 'strasse', 'zusatz', 'haus',
    'zeile', 'stadt', 'ort', 'wohnort', 'gemeinde', 'bundesland', 'plz', 'postleitzahl', 'rechnung', 'rechnungs', 'lieferung',
    'liefer', 'telefon', 'handy', 'mobil', 'telefax', 'bemerkung', 'bemerkungen', 'notizen', 'ust', 'datum', 'funktion', 'webseite',
  ],
  nl: [
    'bedrijf', 'bedrijfs', 'onderneming', 'organisatie', 'naam', 'persoon', 'contactpersoon', 'voornaam', 'achternaam', 'klant',
    'klanten', 'nummer', 'adres', 'straat', 'straatnaam', 'toevoeging', 'huis', 'regel', 'plaats', 'woonplaats', 'stad', 'gemeente',
    'provincie', 'factuur', 'facturatie', 'levering', 'aflever', 'telefoon', 'mobiel', 'opmerkingen', 'btw', 'kvk', 'datum', 'functie',
  ],
};

/** Word -> concept for the European vocabulary. */
export const EU_CONCEPTS: Record<string, Concept> = {};
for (const [concept, words] of WORDS) for (const word of words) EU_CONCEPTS[word] = concept;

/**
 * Short words that would be found by accident inside English compounds ("report" = rep + ort,
 * "landline" = land + line): they count only as whole tokens, never as pieces of a glued word.
 */
export const WHOLE_TOKEN_ONLY = new Set([
  'ort', 'cp', 'cap', 'uf', 'cep', 'nom', 'rue', 'land', 'piso', 'stad', 'data', 'nif', 'cif', 'iva', 'ust', 'btw',
  'kvk', 'cpf', 'cargo', 'nota', 'nro', 'codi', 'pais', 'pays', 'regel', 'tlf',
  // English abbreviations with the same risk ("contract" = cont + ract, "suburb" = sub + urb).
  'cont', 'sub', 'prim',
]);
