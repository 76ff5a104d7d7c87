import { expect } from 'chai';
import { z } from 'zod';
import {
  InvalidOptionsError, InvalidParamError, UnknownParamError, integerOption, objectOptions, parseOptions, parseParams, textOption, type ParamSpecs,
} from '../src/index.js';

const specs: ParamSpecs = {
  DocumentRoot: { type: 'string', description: 'docroot', pattern: /^\/[^"\s]*$/ },
  port: { type: 'integer', description: 'port', min: 1, max: 65535 },
  weight: { type: 'number', description: 'w', min: 0 },
  enabled: { type: 'boolean', description: 'b' },
  RelayFrom: { type: 'hostport', description: 'relay' },
  mode: { type: 'enum', description: 'm', allowed: ['a', 'b'] },
  members: { type: 'list', description: 'l', pattern: /^[\w.:-]+$/ },
};

describe('parameter parsing (all or nothing)', () => {
  it('parses every type', () => {
    expect(parseParams('x', specs, {
      DocumentRoot: '/srv/www', port: '8080', weight: '0.5', enabled: 'yes', RelayFrom: '127.0.0.1:8000', mode: 'b', members: 'h1:80,h2:80',
    })).to.deep.equal({ DocumentRoot: '/srv/www', port: 8080, weight: 0.5, enabled: true, RelayFrom: '127.0.0.1:8000', mode: 'b', members: ['h1:80', 'h2:80'] });
    expect(parseParams('x', specs, { members: '["a:1","b:2"]' }).members).to.deep.equal(['a:1', 'b:2']);
    expect(parseParams('x', specs, { members: '' }).members).to.deep.equal([]);
  });

  const bad: [Record<string, string>, RegExp][] = [
    [{ port: 'abc' }, /'port': 'abc' is not an integer/],
    [{ port: '70000' }, /above the maximum 65535/],
    [{ port: '1.5' }, /not an integer/],
    [{ weight: '-1' }, /below the minimum 0/],
    [{ enabled: 'maybe' }, /not a boolean/],
    [{ RelayFrom: 'nohost' }, /not HOST:PORT/],
    [{ mode: 'c' }, /not one of a, b/],
    [{ DocumentRoot: '/srv/www"\nInclude /etc/shadow' }, /control character/],
    [{ DocumentRoot: '/srv/my www' }, /does not match/],
    [{ members: '["a:1",2]' }, /JSON array of strings/],
    [{ members: 'ok:1,bad item' }, /item 'bad item'/],
  ];
  for (const [raw, message] of bad) {
    it(`refuses ${JSON.stringify(raw)}`, () => {
      expect(() => parseParams('x', specs, raw)).to.throw(InvalidParamError, message);
    });
  }

  it('names an unknown key and lists the known ones', () => {
    expect(() => parseParams('web', specs, { port: '80', Listen: '80' })).to.throw(UnknownParamError, /adapter 'web' has no parameter 'Listen' \(parameters: DocumentRoot, port/);
  });

  it('refuses an empty Set', () => {
    expect(() => parseParams('x', specs, {})).to.throw(InvalidParamError, /at least one/);
  });
});

describe('adapter options (parseOptions, objectOptions)', () => {
  it('objectOptions takes absent keys and refuses unknown ones, naming adapter and key', () => {
    expect(objectOptions('x', undefined, ['a', 'b'])).to.deep.equal({});
    expect(objectOptions('x', { a: 1 }, ['a', 'b'])).to.deep.equal({ a: 1 });
    expect(() => objectOptions('x', { c: 1 }, ['a', 'b'])).to.throw(InvalidOptionsError, "x options: unknown key 'c' (known: a, b)");
    expect(() => objectOptions('x', [1], ['a'])).to.throw(InvalidOptionsError, 'x options must be an object');
  });

  it('parseOptions names the first bad key of the schema with its message', () => {
    const schema = z.strictObject({ port: integerOption(1, 65535).default(80), name: textOption(/^[a-z]+$/, 'a lowercase name', 'is required (a lowercase name)') });
    expect(parseOptions('x', schema, { name: 'web' })).to.deep.equal({ port: 80, name: 'web' });
    expect(() => parseOptions('x', schema, {})).to.throw(InvalidOptionsError, "x options: 'name' is required (a lowercase name)");
    expect(() => parseOptions('x', schema, { name: 'Web' })).to.throw(InvalidOptionsError, "x options: 'name' must be a lowercase name");
    expect(() => parseOptions('x', schema, { name: 'web', port: 0.5 })).to.throw(InvalidOptionsError, "x options: 'port' must be an integer from 1 to 65535");
  });
});
