import fc from 'fast-check';
import { InMemoryIdAllocator } from '../../src/adapters/memory/in-memory-id-allocator';
import { CreateHospital } from '../../src/application/hospitals/create-hospital';
import { HospitalRepository } from '../../src/domain/ports/hospital-repository';
import { IdAllocator } from '../../src/domain/ports/id-allocator';
import { ALICE, inMemoryCore } from '../support/in-memory-core';

type Operation = { kind: 'next' } | { kind: 'seed'; above: number };

const operations = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: fc.constant<Operation>({ kind: 'next' }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 60 }).map((above): Operation => ({ kind: 'seed', above })) },
  ),
  { minLength: 1, maxLength: 40 },
);

/**
 * Starts every operation at a moment the scheduler picks, then checks: no id is handed out
 * twice, every id is positive, and an allocation started after a seed finished is above it.
 */
async function checkInterleavedAllocations(s: fc.Scheduler, ids: IdAllocator, ops: Operation[]): Promise<void> {
  let seededAbove = 0;
  const results: { id: number; floor: number }[] = [];
  const tasks = ops.map((op) =>
    s.schedule(Promise.resolve(), op.kind).then(async () => {
      if (op.kind === 'seed') {
        await ids.seedAbove(op.above);
        seededAbove = Math.max(seededAbove, op.above);
      } else {
        const floor = seededAbove;
        results.push({ id: await ids.next(), floor });
      }
    }),
  );
  await s.waitIdle();
  await Promise.all(tasks);
  const handedOut = results.map((r) => r.id);
  expect(new Set(handedOut).size).toBe(handedOut.length);
  for (const { id, floor } of results) {
    expect(Number.isSafeInteger(id) && id > 0).toBe(true);
    expect(id).toBeGreaterThan(floor);
  }
}

describe('id allocation under interleaving', () => {
  it('ids are never handed out twice and stay above every finished seed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), operations, async (s, ops) => {
        await checkInterleavedAllocations(s, new InMemoryIdAllocator(), ops);
      }),
      { numRuns: 300 },
    );
  });

  it('concurrent creates get distinct ids and all land, whatever order their steps run in', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.array(fc.constantFrom('Paws', 'Claws', 'Tails'), { minLength: 1, maxLength: 15 }), async (s, names) => {
        const core = inMemoryCore();
        const ids: IdAllocator = { next: s.scheduleFunction(() => core.hospitalIds.next()), seedAbove: (h) => core.hospitalIds.seedAbove(h) };
        const hospitals: HospitalRepository = {
          get: (id) => core.hospitals.get(id),
          list: (options) => core.hospitals.list(options),
          create: s.scheduleFunction((h, a) => core.hospitals.create(h, a)),
          update: (n, v, a) => core.hospitals.update(n, v, a),
          delete: (id, v, a) => core.hospitals.delete(id, v, a),
        };
        const create = new CreateHospital(hospitals, ids, core.clock);
        const pending = names.map((name) => create.execute({ name }, ALICE));
        await s.waitIdle();
        const created = await Promise.all(pending);
        const createdIds = created.map((h) => h.id);
        expect(new Set(createdIds).size).toBe(names.length);
        expect((await core.hospitals.list()).items.map((h) => h.id).sort((a, b) => a - b)).toEqual([...createdIds].sort((a, b) => a - b));
        expect(core.audit.all()).toHaveLength(names.length);
      }),
      { numRuns: 200 },
    );
  });
});
