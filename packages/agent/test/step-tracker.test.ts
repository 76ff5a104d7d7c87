import { expect } from 'chai';
import { VirtualClock } from '@lama/lookup';
import { StepTracker } from '../src/deploy/step-tracker.js';

describe('deployment step timings', () => {
  it('each completed step carries its seconds on the clock and the CPU seconds the process spent during it; a failed step is not listed', async () => {
    const clock = new VirtualClock(1000);
    let cpu = 10;
    const t = new StepTracker(clock, () => cpu);
    t.begin();
    await t.step('receive-cache', async () => {
      clock.advance(2500);
      cpu += 0.75;
    });
    await t.step('materialize', async () => {
      clock.advance(500);
      cpu += 0.1234;
    });
    await t.step('map', async () => {
      cpu += 5;
      throw new Error('mapping failed');
    }).catch(() => undefined);
    expect(t.view().steps).to.deep.equal([{ step: 'receive-cache', seconds: 2.5, cpuSeconds: 0.75 }, { step: 'materialize', seconds: 0.5, cpuSeconds: 0.123 }]);
  });
});
