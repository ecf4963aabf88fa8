/**
 * The header vocabulary is scoped: phrases ("job title", "land line") are read before their
 * words, and some words ("land") mean something only as the whole header or in one language.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyColumn } from './classify-column.ts';
import { conceptsOf, PHRASES, tokenizeHeader, vocabularyEntries } from './header-tokens.ts';
import { heuristicMapping } from './heuristic.ts';

test('collision: no vocabulary entry hides another entry (each entry, read alone, means what it says)', () => {
  const hidden = vocabularyEntries()
    .filter((entry) => {
      const read = conceptsOf(entry.words);
      return read.length !== 1 || read[0] !== entry.concept;
    })
    .map((entry) => `${entry.source} "${entry.words.join(' ')}" (${entry.concept}) reads as [${conceptsOf(entry.words).join(', ')}]`);
  assert.deepEqual(hidden, []);
});

test('collision: a phrase is read whole inside longer headers, and no ignore word inside it drops the column', () => {
  const parts = ['address', 'city', 'state', 'zip', 'number', '2'];
  for (const phrase of PHRASES) {
    for (const part of parts) {
      const read = conceptsOf([...phrase.words, part]);
      assert.ok(read.includes(phrase.concept), `"${phrase.words.join(' ')} ${part}" loses ${phrase.concept}: [${read.join(', ')}]`);
      if (phrase.concept !== 'ignore') assert.ok(!read.includes('ignore'), `"${phrase.words.join(' ')} ${part}" reads as ignore`);
    }
  }
});

test('"Job Title" is ignored, but "Job" alone is not an ignore word', () => {
  assert.deepEqual(tokenizeHeader('Job Title').concepts, ['ignore']);
  assert.deepEqual(tokenizeHeader('JOBTITLE').concepts, ['ignore']);
  assert.ok(!tokenizeHeader('Job').concepts.includes('ignore'));
});

test('Job Site Address / City / State / Zip are the job site address', () => {
  const headers = ['Customer', 'Job Title', 'Job Site Address', 'Job Site City', 'Job Site State', 'Job Site Zip', 'Phone'];
  const mapping = heuristicMapping(headers, [
    ['Kestrel Tool & Die Inc', 'Owner', '410 Foundry Rd', 'Akron', 'OH', '44308', '330-555-0110'],
    ['Northside Bait Shop LLC', 'Manager', '77 Lake St', 'Duluth', 'MN', '55802', '218-555-0190'],
  ]);
  assert.deepEqual(mapping?.columns, {
    company: 'Customer', street: 'Job Site Address', city: 'Job Site City', state: 'Job Site State', zip: 'Job Site Zip', number1: 'Phone',
  });
  assert.equal(classifyColumn('JOBSITE_ZIP', 0, ['44308']).role, 'zip');
  // Read from the header alone, with no values to rescue it.
  for (const [header, role] of [['Job Site Address', 'street'], ['Job Site City', 'city'], ['Job Site State', 'state'], ['Job Site Zip', 'zip']]) {
    assert.equal(classifyColumn(header ?? '', 0, []).role, role, header);
  }
});

test('Land Line and Landline are phones; "Land" alone or in a German/Dutch header is the country', () => {
  for (const header of ['Land Line', 'Landline', 'LAND_LINE', 'Land Line Phone']) {
    assert.equal(classifyColumn(header, 0, ['330-555-0110']).role, 'phone', header);
    assert.equal(classifyColumn(header, 0, []).rule, 'phone.main', `${header} from its header alone`);
  }
  const mapping = heuristicMapping(['Company', 'Land Line', 'Mobile', 'Zip'], [['Kestrel Tool & Die', '330-555-0110', '330-555-0112', '44308']]);
  assert.equal(mapping?.columns.number1, 'Land Line');
  assert.equal(mapping?.columns.number2, 'Mobile');
  for (const header of ['Land', 'Land (Rechnung)', 'Land/Provincie', 'LAND']) {
    assert.ok(tokenizeHeader(header).concepts.includes('ignore'), header);
  }
  // In an English header "land" alone decides nothing: the rest of the header does.
  assert.ok(!tokenizeHeader('Land Use Code').concepts.includes('phone'));
  assert.ok(!tokenizeHeader('Land Region').concepts.includes('ignore'));
});
