// Workflow code: whether a target existed before its first delete, read once per group of targets (CAMS: one
// ListPhoneMessageQrdl per phone number and space), so that a retry's "not found" is evidence and not a guess.
import { specOf, type Target } from '../kinds/index.js';

/**
 * Values one read asks about at most: its input and its answer stay small payloads whatever a batch holds (QrdlCodes are
 * at most 64 characters, so 500 are about 35 KB).
 */
export const VALUES_PER_READ = 500;

/** Runs a kind's existence read (an activity): the values it was given that the provider has. */
export type ReadExistence = (operation: string, input: Record<string, unknown>) => Promise<string[]>;

/**
 * Returns `existedBefore(target, queued)`: `true` when a read before now listed the target, `false` when it did not,
 * `undefined` when its kind has no read or the read failed (then a "not found" after a lost answer stays
 * `unconfirmed`). A read covers the target and, up to VALUES_PER_READ, the targets of its group still `queued`, so a
 * batch reads each group once per VALUES_PER_READ targets; lanes asking at once share one read.
 */
export function existenceReader(read: ReadExistence) {
  /** Per group: each value asked about, and whether the read found it (undefined: the read failed). */
  const known = new Map<string, Map<string, boolean | undefined>>();
  const reading = new Map<string, Promise<void>>();

  const readGroup = async (operation: string, group: Record<string, string>, key: string, values: string[]) => {
    let found: Set<string> | undefined;
    try {
      found = new Set(await read(operation, { ...group, values }));
    } catch {
      found = undefined; // a failed read is no evidence either way; the delete goes on without it
    }
    const answers = known.get(key) ?? new Map<string, boolean | undefined>();
    for (const v of values) answers.set(v, found?.has(v));
    known.set(key, answers);
  };

  return async (target: Target, queued: readonly Target[]): Promise<boolean | undefined> => {
    const how = specOf(target.kind).existence;
    if (!how) return undefined;
    const fieldsOf = (t: Target): Readonly<Record<string, string | undefined>> => t;
    const group = Object.fromEntries(
      how.group.flatMap((f) => (fieldsOf(target)[f] ? [[f, fieldsOf(target)[f]!]] : [])),
    );
    const keyOf = (t: Target) => JSON.stringify([t.kind, ...how.group.map((f) => fieldsOf(t)[f] ?? '')]);
    const key = keyOf(target);
    const value = fieldsOf(target)[how.field]!;
    for (;;) {
      const answers = known.get(key);
      if (answers?.has(value)) return answers.get(value);
      const pending = reading.get(key);
      if (pending) {
        await pending; // it may not have asked about this value: look again
        continue;
      }
      const values = new Set([value]);
      for (const t of queued) {
        if (values.size >= VALUES_PER_READ) break;
        const v = fieldsOf(t)[how.field];
        if (t.kind === target.kind && v && !answers?.has(v) && keyOf(t) === key) values.add(v);
      }
      const p = readGroup(how.operation, group, key, [...values]).finally(() => reading.delete(key));
      reading.set(key, p);
      await p;
    }
  };
}
