import { SimHospital, SimNote, SimPatient } from './sim-records';

const SEED_PATIENTS: ReadonlyArray<Pick<SimPatient, 'name' | 'species'>> = [
  { name: 'Biscuit', species: 'dog' },
  { name: 'Mittens', species: 'cat' },
  { name: 'Captain Flint', species: 'parrot' },
];

const SYNTHETIC_WORDS = ['Riverside', 'Oak', 'Harbour', 'Meadow', 'Summit', 'Willow', 'Granite', 'Cedar'];

/**
 * The simulator's data: hospitals, patients and notes in memory. Ids are never reused, and
 * `updated_at` strictly increases per write so versions derived from it always change.
 */
export class SimDatabase {
  readonly hospitals = new Map<number, SimHospital>();
  readonly patients = new Map<number, SimPatient>();
  readonly notes = new Map<number, SimNote>();
  private nextHospitalId = 1;
  private nextNoteId = 1;
  private lastMs = 0;

  constructor() {
    for (const patient of SEED_PATIENTS) {
      const at = this.now();
      const id = this.patients.size + 1;
      this.patients.set(id, { id, ...patient, created_at: at, updated_at: at });
    }
  }

  /** Adds hospitals as exported (e.g. from the CSV); later creates get ids above the highest. */
  load(records: readonly SimHospital[]): void {
    for (const record of records) {
      this.hospitals.set(record.id, { ...record });
      this.nextHospitalId = Math.max(this.nextHospitalId, record.id + 1);
    }
  }

  /** Adds `count` hospitals with deterministic names. */
  generate(count: number): void {
    for (let i = 0; i < count; i++) {
      const word = SYNTHETIC_WORDS[i % SYNTHETIC_WORDS.length]!;
      this.createHospital(`${word} Animal Hospital ${i + 1}`);
    }
  }

  /** Newest id first, as legacy lists them. */
  listHospitals(): SimHospital[] {
    return [...this.hospitals.values()].sort((a, b) => b.id - a.id);
  }

  createHospital(name: string): SimHospital {
    const at = this.now();
    const hospital = { id: this.nextHospitalId++, name, created_at: at, updated_at: at };
    this.hospitals.set(hospital.id, hospital);
    return hospital;
  }

  /** Rails only touches `updated_at` when something changed. */
  renameHospital(hospital: SimHospital, name: string): SimHospital {
    if (hospital.name !== name) {
      hospital.name = name;
      hospital.updated_at = this.now();
    }
    return hospital;
  }

  createNote(fields: Omit<SimNote, 'id' | 'created_at' | 'updated_at'>): SimNote {
    const at = this.now();
    const note = { id: this.nextNoteId++, ...fields, created_at: at, updated_at: at };
    this.notes.set(note.id, note);
    return note;
  }

  notesOf(patientId: number): SimNote[] {
    return [...this.notes.values()].filter((n) => n.patient_id === patientId);
  }

  /** ISO time with ms, strictly after the previous one handed out. */
  private now(): string {
    this.lastMs = Math.max(Date.now(), this.lastMs + 1);
    return new Date(this.lastMs).toISOString();
  }
}
