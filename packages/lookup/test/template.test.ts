import { expect } from 'chai';
import { matches, type ServiceItem, type ServiceTemplate } from '../src/index.js';

const item: ServiceItem = {
  serviceId: '6f1c2a3b-0000-4000-8000-000000000001',
  serviceTypes: ['lama.agent.v1.Agent', 'lama.Base'],
  endpoint: '127.0.0.1:5000',
  owner: 'node-1',
  attributes: [
    { type: 'lama.Name', fields: { name: 'node-1' } },
    { type: 'lama.Role', fields: { role: 'web-server', weight: '2' } },
    { type: 'lama.Role', fields: { role: 'dispatcher' } },
    { type: 'lama.Comment', fields: {} },
    { type: 'lama.Location', fields: { rack: '', room: 'b1' } },
  ],
};

// Jini's matching rules (ServiceTemplate / Entry semantics) and their edge cases.
const table: [string, ServiceTemplate, boolean][] = [
  ['empty template matches everything', {}, true],
  ['matching service ID', { serviceId: item.serviceId }, true],
  ['other service ID', { serviceId: '6f1c2a3b-0000-4000-8000-000000000002' }, false],
  ['one implemented type', { serviceTypes: ['lama.agent.v1.Agent'] }, true],
  ['every implemented type', { serviceTypes: ['lama.agent.v1.Agent', 'lama.Base'] }, true],
  ['a type not implemented', { serviceTypes: ['lama.agent.v1.Agent', 'lama.Other'] }, false],
  ['entry with all fields wildcard matches any entry of that type', { attributes: [{ type: 'lama.Role', fields: {} }] }, true],
  ['entry type absent from item', { attributes: [{ type: 'lama.Missing', fields: {} }] }, false],
  ['set field equal', { attributes: [{ type: 'lama.Role', fields: { role: 'web-server' } }] }, true],
  ['set field matched by the second entry of a type', { attributes: [{ type: 'lama.Role', fields: { role: 'dispatcher' } }] }, true],
  ['two set fields must hold in the same entry', { attributes: [{ type: 'lama.Role', fields: { role: 'dispatcher', weight: '2' } }] }, false],
  ['two set fields in one entry', { attributes: [{ type: 'lama.Role', fields: { role: 'web-server', weight: '2' } }] }, true],
  ['set field differs', { attributes: [{ type: 'lama.Role', fields: { role: 'streaming-server' } }] }, false],
  ['values are case-sensitive', { attributes: [{ type: 'lama.Role', fields: { role: 'Web-Server' } }] }, false],
  ['a field the entry lacks never matches', { attributes: [{ type: 'lama.Name', fields: { zone: 'a' } }] }, false],
  ['an empty string is a value, not a wildcard', { attributes: [{ type: 'lama.Location', fields: { rack: '' } }] }, true],
  ['an empty string does not match a non-empty value', { attributes: [{ type: 'lama.Location', fields: { room: '' } }] }, false],
  ['an empty-field entry matches an item entry with no fields', { attributes: [{ type: 'lama.Comment', fields: {} }] }, true],
  ['every template entry must be matched', { attributes: [{ type: 'lama.Role', fields: { role: 'dispatcher' } }, { type: 'lama.Name', fields: { name: 'node-2' } }] }, false],
  ['two template entries may match the same item entry', { attributes: [{ type: 'lama.Role', fields: { role: 'dispatcher' } }, { type: 'lama.Role', fields: {} }] }, true],
  ['type, ID and entries together', { serviceId: item.serviceId, serviceTypes: ['lama.Base'], attributes: [{ type: 'lama.Name', fields: { name: 'node-1' } }] }, true],
  ['type names are exact (no prefix match)', { serviceTypes: ['lama.agent'] }, false],
];

describe('template matching (Jini rules)', () => {
  for (const [name, template, expected] of table) {
    it(`${name} -> ${expected ? 'match' : 'no match'}`, () => {
      expect(matches(template, item)).to.equal(expected);
    });
  }

  it('an item without attributes matches only templates without entries', () => {
    const bare: ServiceItem = { ...item, attributes: [] };
    expect(matches({ serviceTypes: ['lama.Base'] }, bare)).to.equal(true);
    expect(matches({ attributes: [{ type: 'lama.Role', fields: {} }] }, bare)).to.equal(false);
  });
});
