import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { LifecycleError } from '../src/errors.js';
import { LIFECYCLE_TRANSITIONS, LifecycleFile, checkTransition, freeRecord, type LifecycleState } from '../src/deploy/lifecycle.js';

describe('server life cycle (Fig. 2)', () => {
  const states = Object.keys(LIFECYCLE_TRANSITIONS) as LifecycleState[];
  const dir = mkdtempSync(join(tmpdir(), 'lama-lifecycle-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('allows exactly FREE -> DEPLOYING -> OPERATIONAL -> CLEANING -> FREE and FAILED from DEPLOYING or CLEANING, left by cleaning', () => {
    const allowed: string[] = [];
    for (const from of states) {
      for (const to of states) {
        try {
          checkTransition('n1', from, to);
          allowed.push(`${from}>${to}`);
        } catch (err) {
          expect(err).to.be.instanceOf(LifecycleError);
          expect((err as LifecycleError).code).to.equal('ERR_LIFECYCLE');
          expect((err as Error).message).to.contain(`node 'n1' is ${from}: the life cycle does not allow ${from} -> ${to}`);
        }
      }
    }
    expect(allowed.sort()).to.deep.equal(['CLEANING>FAILED', 'CLEANING>FREE', 'DEPLOYING>FAILED', 'DEPLOYING>OPERATIONAL', 'FAILED>CLEANING', 'FREE>DEPLOYING', 'OPERATIONAL>CLEANING']);
  });

  it('persists by temp file and rename: no file is FREE, a record reads back, a damaged state is an error, not FREE', () => {
    const file = new LifecycleFile(dir);
    expect(file.load(5)).to.deep.equal(freeRecord(5));
    const r = { ...freeRecord(7), state: 'DEPLOYING' as const, site: 'shop', version: 2, deploymentId: 'd', services: ['web'] };
    file.save(r);
    expect(file.load(9)).to.deep.equal(r);
    expect(readdirSync(dir)).to.deep.equal(['lifecycle.json']);
    writeFileSync(file.path, JSON.stringify({ state: 'HALF' }));
    expect(() => file.load(1)).to.throw(LifecycleError, /'HALF' is not a life-cycle state/);
    expect(existsSync(`${file.path}.tmp`)).to.equal(false);
  });
});
