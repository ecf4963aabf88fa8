// The mapping table: per canonical field the column(s) that feed it, the confidence and the
// reason the server gave, correctable from dropdowns of the file's own headers.
import { UserError, el } from './common.js';

export const FIELDS = [
  { key: 'company', label: 'Company', slots: 1 },
  { key: 'street', label: 'Street (line 1, line 2)', slots: 2 },
  { key: 'city', label: 'City', slots: 1 },
  { key: 'state', label: 'State', slots: 1 },
  { key: 'zip', label: 'Zip', slots: 1 },
  { key: 'number1', label: 'Phone 1', slots: 1 },
  { key: 'number2', label: 'Phone 2', slots: 1 },
  { key: 'dm_name', label: 'Decision maker', slots: 1 },
  { key: 'contact_id', label: 'Contact id', slots: 1 },
];

const asList = (ref) => (ref === undefined || ref === null ? [] : Array.isArray(ref) ? ref : [ref]);

/** Every header of the job, in file order when the browser saw the file, else as the mapping names them. */
export function jobHeaders(mapping, fileOrder) {
  const seen = new Set();
  for (const ref of Object.values(mapping.columns ?? {})) for (const h of asList(ref)) seen.add(h);
  for (const v of mapping.search_variants ?? []) seen.add(v.header);
  for (const h of mapping.unmapped_headers ?? []) seen.add(h);
  const ordered = (fileOrder ?? []).filter((h) => seen.has(h));
  for (const h of seen) if (!ordered.includes(h)) ordered.push(h);
  return ordered;
}

function headerSelect(id, label, headers, selected, disabled) {
  const select = el('select', { id, 'aria-label': label, disabled });
  select.append(el('option', { value: '', text: '— not used —' }));
  for (const header of headers) select.append(el('option', { value: header, text: header, selected: header === selected }));
  return select;
}

/** Fills `tbody` with one row per canonical field; returns a reader of the edited columns. */
export function renderMapping(tbody, mapping, headers, { editable, idPrefix = 'map' }) {
  tbody.replaceChildren();
  const selects = new Map();
  for (const field of FIELDS) {
    const current = asList(mapping.columns?.[field.key]);
    const slots = Math.max(field.slots, current.length);
    const cell = el('td');
    const fieldSelects = [];
    for (let slot = 0; slot < slots; slot += 1) {
      const label = slots > 1 ? `${field.label}, column ${slot + 1}` : field.label;
      const select = headerSelect(`${idPrefix}-${field.key}-${slot}`, label, headers, current[slot] ?? '', !editable);
      fieldSelects.push(select);
      cell.append(select);
    }
    selects.set(field.key, fieldSelects);
    const decision = mapping.fields?.[field.key];
    const confidence = decision ? `${Math.round(Number(decision.confidence) * 100)}%` : '–';
    tbody.append(
      el('tr', {}, el('th', { scope: 'row', text: field.label }), cell, el('td', { text: confidence }), el('td', { class: 'hint', text: decision?.reason ?? '' })),
    );
  }
  return function readColumns() {
    const columns = {};
    const used = new Map();
    for (const [key, list] of selects) {
      const chosen = list.map((s) => s.value).filter((v) => v !== '');
      for (const header of chosen) {
        if (used.has(header)) throw new UserError(`"${header}" is chosen for both ${used.get(header)} and ${key}; pick it once.`);
        used.set(header, key);
      }
      if (chosen.length === 1) columns[key] = chosen[0];
      else if (chosen.length > 1) columns[key] = chosen;
    }
    return { columns, used };
  };
}

/** The PUT body: the edited columns, keeping the search variants whose header is not now a field. */
export function mappingBody(mapping, { columns, used }) {
  const searchVariants = (mapping.search_variants ?? []).filter((v) => !used.has(v.header));
  return { columns, search_variants: searchVariants };
}
