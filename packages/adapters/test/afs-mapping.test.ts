import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { MappingError } from '../src/index.js';
import { parseMapping, readMappingFile } from '../src/builtin/afs-mapper/index.js';

describe('afs-mapper: mapping files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lama-afs-mapping-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('reads YAML and JSON into the same entries', async () => {
    const yaml = write('m.yaml', '- shared: etc/apache2\n  local: /srv/site/etc\n  policy: mklink\n- {shared: /afs/site/log, local: /var/log/site, policy: mktree, script: post.sh, exclude: ["*.tmp"]}\n');
    const json = write('m.json', JSON.stringify([
      { shared: 'etc/apache2', local: '/srv/site/etc', policy: 'mklink' },
      { shared: '/afs/site/log', local: '/var/log/site', policy: 'mktree', script: 'post.sh', exclude: ['*.tmp'] },
    ]));
    expect(await readMappingFile(yaml)).to.deep.equal(await readMappingFile(json));
    expect((await readMappingFile(json))[1]).to.deep.equal({ shared: '/afs/site/log', local: '/var/log/site', policy: 'mktree', script: 'post.sh', exclude: ['*.tmp'] });
  });

  it("takes '' as the shared root itself, as site definitions write it", () => {
    expect(parseMapping([{ shared: '', local: '/srv/site', policy: 'mklink' }], 'm')).to.deep.equal([{ shared: '', local: '/srv/site', policy: 'mklink' }]);
  });

  const bad: [string, unknown, RegExp][] = [
    ['not a list', { shared: 'a' }, /^m: must be a list of entries/],
    ['an empty list', [], /^m: has no entries/],
    ['an entry that is not an object', ['x'], /^m: entry 1 must be an object/],
    ['an unknown key', [{ shared: 'a', local: '/l', policy: 'mkdir', polcy: 'x' }], /^m: entry 1: unknown key 'polcy' \(known: shared, local, policy, script, exclude\)/],
    ['a missing shared', [{ local: '/l', policy: 'mkdir' }], /^m: entry 1: 'shared' is required/],
    ['an empty local', [{ shared: 'a', local: '', policy: 'mkdir' }], /^m: entry 1: 'local' must be a non-empty string/],
    ['a relative local', [{ shared: 'a', local: 'srv/x', policy: 'mkdir' }], /^m: entry 1: 'local' must be an absolute path \(got "srv\/x"\)/],
    ['an unknown policy, in the second entry', [{ shared: 'a', local: '/l', policy: 'mkdir' }, { shared: 'b', local: '/m', policy: 'copy' }], /^m: entry 2: 'policy' must be one of mktree, mkdir, mklink \(got "copy"\)/],
    ['a NUL in a path', [{ shared: 'a\u0000b', local: '/l', policy: 'mkdir' }], /^m: entry 1: 'shared' contains a NUL character/],
    ['a script that is not a string', [{ shared: 'a', local: '/l', policy: 'mkdir', script: 3 }], /^m: entry 1: 'script' must be a non-empty string/],
    ['excludes that are not a list of patterns', [{ shared: 'a', local: '/l', policy: 'mkdir', exclude: '*.tmp' }], /^m: entry 1: 'exclude' must be a list of non-empty glob patterns/],
  ];
  for (const [what, raw, message] of bad) {
    it(`refuses ${what}, naming the entry and the key`, () => {
      expect(() => parseMapping(raw, 'm')).to.throw(MappingError, message);
    });
  }

  it('refuses broken YAML, broken JSON and a missing file with the file named', async () => {
    const cases: [string, RegExp][] = [
      [write('broken.yaml', '- shared: [unclosed\n'), /mapping file .*broken\.yaml: not valid YAML/],
      [write('broken.json', '[{"shared": '), /mapping file .*broken\.json: not valid JSON/],
      [join(dir, 'absent.json'), /mapping file .*absent\.json: does not exist/],
      [write('policy.yml', '- {shared: a, local: /l, policy: mklnk}\n'), /mapping file .*policy\.yml: entry 1: 'policy' must be one of/],
    ];
    for (const [path, message] of cases) {
      const err = await readMappingFile(path).then(() => undefined, (e: Error) => e);
      expect(err, path).to.be.instanceOf(MappingError);
      expect(err?.message).to.match(message);
    }
  });
});
