import type { PersonRecord, RecordRef } from '@entra-sync/domain';

/** The records a plan touches, as they are at each step (loaded state, then each op's effect). */
export class RecordState {
  readonly #records = new Map<string, PersonRecord>();
  #createdId: string | null = null;

  constructor(records: readonly PersonRecord[]) {
    for (const record of records) this.#records.set(`${record.kind}:${record.id}`, record);
  }

  get createdId(): string | null {
    return this.#createdId;
  }

  /** Resolves a ref (`id: null` = the record this plan created). */
  get(ref: RecordRef): PersonRecord {
    const id = ref.id ?? this.#createdId;
    const record = id === null ? undefined : this.#records.get(`${ref.kind}:${id}`);
    if (!record)
      throw new Error(`plan refers to ${ref.kind} ${id ?? '(not created yet)'}, which was not loaded`);
    return record;
  }

  /** A loaded record by id alone (conflicts name an id, not a kind). */
  find(id: string): PersonRecord | null {
    for (const record of this.#records.values()) if (record.id === id) return record;
    return null;
  }

  created(record: PersonRecord): void {
    this.#createdId = record.id;
    this.set(record);
  }

  set(record: PersonRecord): void {
    this.#records.set(`${record.kind}:${record.id}`, record);
  }
}
