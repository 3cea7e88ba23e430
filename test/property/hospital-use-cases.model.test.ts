import fc from 'fast-check';
import { CreateHospital } from '../../src/application/hospitals/create-hospital';
import { DeleteHospital } from '../../src/application/hospitals/delete-hospital';
import { GetHospital } from '../../src/application/hospitals/get-hospital';
import { ListHospitals } from '../../src/application/hospitals/list-hospitals';
import { UpdateHospital } from '../../src/application/hospitals/update-hospital';
import { Hospital, hospitalNameProblems } from '../../src/domain/hospital';
import { ALICE, inMemoryCore } from '../support/in-memory-core';
import { ManualClock } from '../support/manual-clock';

/** The reference model: what hospitals exist, by id, with their name and version. */
interface Model {
  hospitals: Map<number, { name: string; version: number }>;
  /** Every id ever handed out, including deleted ones, so commands also hit missing hospitals. */
  everCreated: number[];
  lastId: number;
}

interface Real {
  clock: ManualClock;
  create: CreateHospital;
  update: UpdateHospital;
  remove: DeleteHospital;
  get: GetHospital;
  list: ListHospitals;
}

type Command = fc.AsyncCommand<Model, Real>;

const pickId = (model: Model, pick: number): number =>
  model.everCreated.length === 0 ? 1 + pick : model.everCreated[pick % model.everCreated.length]!;

const codeOf = async (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'OK',
    (error: { code?: string }) => error.code ?? `unexpected ${String(error)}`,
  );

const valid = (name: string) => hospitalNameProblems(name).length === 0;

const expectMatches = (actual: Hospital, id: number, expected: { name: string; version: number }) =>
  expect(actual).toMatchObject({ id, name: expected.name, version: expected.version });

class CreateCommand implements Command {
  constructor(readonly name: string) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    real.clock.advance(1000);
    if (!valid(this.name)) {
      expect(await codeOf(real.create.execute({ name: this.name }, ALICE))).toBe('VALIDATION_FAILED');
      return;
    }
    const created = await real.create.execute({ name: this.name }, ALICE);
    const id = model.lastId + 1;
    expect(created).toEqual({ id, name: this.name.trim(), version: 1, createdAt: real.clock.now().toISOString(), updatedAt: created.createdAt });
    model.lastId = id;
    model.everCreated.push(id);
    model.hospitals.set(id, { name: created.name, version: 1 });
  }
  toString = () => `create(${JSON.stringify(this.name)})`;
}

class RenameCommand implements Command {
  constructor(
    readonly pick: number,
    readonly name: string,
    readonly version: 'none' | 'current' | 'stale',
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    real.clock.advance(1000);
    const id = pickId(model, this.pick);
    const current = model.hospitals.get(id);
    const expectedVersion = this.version === 'none' ? undefined : (current?.version ?? 1) - (this.version === 'stale' ? 1 : 0);
    const outcome = real.update.execute(id, { name: this.name }, ALICE, expectedVersion);
    if (!valid(this.name)) return void expect(await codeOf(outcome)).toBe('VALIDATION_FAILED');
    if (!current) return void expect(await codeOf(outcome)).toBe('NOT_FOUND');
    if (this.version === 'stale') return void expect(await codeOf(outcome)).toBe('VERSION_CONFLICT');
    const next = this.name.trim() === current.name ? current : { name: this.name.trim(), version: current.version + 1 };
    expectMatches(await outcome, id, next);
    model.hospitals.set(id, next);
  }
  toString = () => `rename(#${this.pick}, ${JSON.stringify(this.name)}, ${this.version})`;
}

class DeleteCommand implements Command {
  constructor(
    readonly pick: number,
    readonly version: 'none' | 'current' | 'stale',
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const id = pickId(model, this.pick);
    const current = model.hospitals.get(id);
    const expectedVersion = this.version === 'none' ? undefined : (current?.version ?? 1) - (this.version === 'stale' ? 1 : 0);
    const code = await codeOf(real.remove.execute(id, ALICE, expectedVersion));
    if (!current) return void expect(code).toBe('NOT_FOUND');
    if (this.version === 'stale') return void expect(code).toBe('VERSION_CONFLICT');
    expect(code).toBe('OK');
    model.hospitals.delete(id);
  }
  toString = () => `delete(#${this.pick}, ${this.version})`;
}

class GetCommand implements Command {
  constructor(readonly pick: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const id = pickId(model, this.pick);
    const expected = model.hospitals.get(id);
    if (!expected) return void expect(await codeOf(real.get.execute(id))).toBe('NOT_FOUND');
    expectMatches(await real.get.execute(String(id)), id, expected);
  }
  toString = () => `get(#${this.pick})`;
}

class ListCommand implements Command {
  constructor(readonly limit: number | undefined) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const seen: Hospital[] = [];
    let cursor: string | undefined;
    do {
      const page = await real.list.execute({ ...(this.limit && { limit: this.limit }), ...(cursor && { cursor }) });
      if (this.limit) expect(page.items.length).toBeLessThanOrEqual(this.limit);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const expected = [...model.hospitals.entries()].sort(([a], [b]) => b - a);
    expect(seen.map((h) => [h.id, { name: h.name, version: h.version }])).toEqual(expected);
  }
  toString = () => `list(limit=${this.limit})`;
}

const name = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('Paws', 'Claws', ' Paws ', 'Tails', '動物病院', 'Clinique vétérinaire') },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', 'bad\nname', 'x'.repeat(121)) },
);
const version = fc.constantFrom('none', 'current', 'stale') as fc.Arbitrary<'none' | 'current' | 'stale'>;
const pick = fc.nat({ max: 50 });

const commands = fc.commands(
  [
    name.map((n) => new CreateCommand(n)),
    fc.tuple(pick, name, version).map(([p, n, v]) => new RenameCommand(p, n, v)),
    fc.tuple(pick, version).map(([p, v]) => new DeleteCommand(p, v)),
    pick.map((p) => new GetCommand(p)),
    fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }).map((l) => new ListCommand(l)),
  ],
  { maxCommands: 40 },
);

describe('hospital use cases against a reference model', () => {
  it('random sequences of create, rename, delete, get and list agree with the model', async () => {
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        const core = inMemoryCore();
        const real: Real = {
          clock: core.clock,
          create: new CreateHospital(core.hospitals, core.hospitalIds, core.clock),
          update: new UpdateHospital(core.hospitals, core.clock),
          remove: new DeleteHospital(core.hospitals, core.clock),
          get: new GetHospital(core.hospitals),
          list: new ListHospitals(core.hospitals),
        };
        const model: Model = { hospitals: new Map(), everCreated: [], lastId: 0 };
        await fc.asyncModelRun(() => ({ model, real }), cmds);
      }),
      { numRuns: 200 },
    );
  });
});
