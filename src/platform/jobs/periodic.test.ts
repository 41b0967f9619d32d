import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startPeriodicRunner } from './periodic.js';

describe('periodic runner', () => {
  it('runs tasks on their interval, reports failures and keeps going', async () => {
    let runs = 0;
    const errors: string[] = [];
    const runner = startPeriodicRunner({
      tasks: [
        {
          name: 'count',
          intervalMs: 10,
          run: async () => {
            runs++;
            if (runs === 2) throw new Error('second run fails');
          },
        },
      ],
      onError: (task, error) => errors.push(`${task}: ${(error as Error).message}`),
    });
    await new Promise((r) => setTimeout(r, 80));
    await runner.stop();
    assert.ok(runs >= 3, `ran ${runs} times`);
    assert.deepEqual(errors, ['count: second run fails']);
    const after = runs;
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(runs, after, 'no runs after stop');
  });

  it('never overlaps a task with itself', async () => {
    let concurrent = 0;
    let maxConcurrent = 0;
    const runner = startPeriodicRunner({
      tasks: [
        {
          name: 'slow',
          intervalMs: 5,
          run: async () => {
            concurrent++;
            maxConcurrent = Math.max(maxConcurrent, concurrent);
            await new Promise((r) => setTimeout(r, 30));
            concurrent--;
          },
        },
      ],
      onError: () => assert.fail('no errors expected'),
    });
    await Promise.all([runner.runAll(), runner.runAll()]);
    await new Promise((r) => setTimeout(r, 60));
    await runner.stop();
    assert.equal(maxConcurrent, 1);
  });
});
