// Target files, read as streams so that millions of lines never sit in memory: CSV (a `target` column in the text
// syntax, or one column per field: `kind` and the fields of every kind, FIELD_COLUMNS) or JSONL (each line a target string or a target object). Every line is validated with the same parser the
// workflows use; a bad line is reported with its line number, the field and the rule. Identical targets are collapsed.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { Transform, pipeline } from 'node:stream';
import { parse as parseCsv, CsvError } from 'csv-parse';
import { PROVIDERS, TeardownValidationError, type Provider } from '@teardown/core';
import { KINDS, formatTarget, providerOf, parseTarget, validateTarget, type Target } from '@teardown/temporal';
import { CliError, EXIT } from './exit.js';

export type InputFormat = 'csv' | 'jsonl';
export const INPUT_FORMATS: readonly InputFormat[] = ['csv', 'jsonl'];

/** One line of a file: the target it names, or why it names none. */
export type InputLine = { line: number; target: Target } | { line: number; problem: InputProblem };

export interface InputProblem {
  line: number;
  field: string;
  rule: string;
}

export function formatOf(path: string, explicit?: string): InputFormat {
  if (explicit !== undefined) {
    if (!INPUT_FORMATS.includes(explicit as InputFormat))
      throw new CliError(`format must be one of ${INPUT_FORMATS.join(', ')}`, EXIT.invalidInput);
    return explicit as InputFormat;
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  throw new CliError('file must end in .csv, .jsonl or .ndjson (or pass --format csv|jsonl)', EXIT.invalidInput);
}

const problemOf = (line: number, error: unknown): InputLine => {
  if (error instanceof TeardownValidationError)
    return { line, problem: { line, field: error.field, rule: error.rule } };
  throw error;
};

/** A target from a parsed value: a string in the text syntax, or an object with a kind and its fields. */
export function targetOf(value: unknown): Target {
  return typeof value === 'string' ? parseTarget(value.trim()) : validateTarget(value);
}

/** The columns a CSV may name a target with: `kind`, then every field of every kind (each once, registry order). */
export const FIELD_COLUMNS: readonly string[] = ['kind', ...new Set(KINDS.flatMap((k) => Object.keys(k.fields)))];

/** A CSV record (header → cell) as a target: the `target` cell if it is filled, else the field columns that are. */
export function targetOfRecord(record: Record<string, string>): Target {
  if (record.target) return targetOf(record.target);
  const fields = Object.fromEntries(
    FIELD_COLUMNS.filter((c) => record[c] !== undefined && record[c] !== '').map((c) => [c, record[c]]),
  );
  return validateTarget(fields);
}

/** Longest line a target file may have: a target line is a few hundred bytes at most. */
export const MAX_LINE_BYTES = 64 * 1024;

/** Why a file cannot be read on at all (a line too long, bytes that are not UTF-8): reported at its line. */
class FileProblem extends Error {
  constructor(
    readonly line: number,
    readonly field: string,
    readonly rule: string,
  ) {
    super(rule);
  }
}

/**
 * The file's bytes as UTF-8 text, refusing a line longer than MAX_LINE_BYTES (so no file, /dev/zero-like or not, makes
 * the reader hold more than one line) and bytes that are not UTF-8 (decoding them to U+FFFD would send IDs the file
 * does not hold). A byte-order mark is dropped. A chunk is decoded whole; only when it fails are its lines decoded one
 * by one to name the bad one (\n never occurs inside a UTF-8 sequence, so that line is exact).
 */
function utf8Lines(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  /** The bytes of the current line read so far (at most MAX_LINE_BYTES). */
  let partial: Buffer = Buffer.alloc(0);
  const tooLong = () =>
    new FileProblem(
      line,
      'file',
      `Line ${line} is longer than ${MAX_LINE_BYTES / 1024} KiB: a target file has one target per line.`,
    );
  const notUtf8 = (bytes: Buffer, firstLine: number) => {
    const check = new TextDecoder('utf-8', { fatal: true });
    let at = firstLine;
    for (let from = 0; from <= bytes.length; at++) {
      const nl = bytes.indexOf(10, from);
      const to = nl < 0 ? bytes.length : nl;
      try {
        check.decode(bytes.subarray(from, to));
      } catch {
        break;
      }
      from = to + 1;
    }
    return new FileProblem(at, 'file', `Line ${at} is not valid UTF-8 text.`);
  };
  return new Transform({
    decodeStrings: true,
    // Strings out, so readline and csv-parse read them as they are.
    encoding: 'utf8',
    transform(chunk: Buffer, _encoding, done) {
      const firstLine = line;
      const before = partial;
      let from = 0;
      for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, from)) {
        if (partial.length + nl - from > MAX_LINE_BYTES) return done(tooLong());
        partial = Buffer.alloc(0);
        line++;
        from = nl + 1;
      }
      if (partial.length + chunk.length - from > MAX_LINE_BYTES) return done(tooLong());
      partial = from === 0 ? Buffer.concat([partial, chunk]) : chunk.subarray(from);
      try {
        done(null, decoder.decode(chunk, { stream: true }));
      } catch {
        done(notUtf8(Buffer.concat([before, chunk]), firstLine));
      }
    },
    flush(done) {
      try {
        done(null, decoder.decode());
      } catch {
        done(notUtf8(partial, line));
      }
    },
  });
}

/** The file as checked text, or a FileProblem as the stream's error. */
function textOf(path: string): Transform {
  const text = utf8Lines();
  pipeline(createReadStream(path), text, () => undefined);
  return text;
}

async function* csvLines(path: string): AsyncGenerator<InputLine> {
  await requireRegularFile(path);
  const parser = parseCsv({
    columns: true,
    info: true,
    skip_empty_lines: true,
    trim: true,
    bom: true,
    max_record_size: MAX_LINE_BYTES,
  });
  try {
    pipeline(textOf(path), parser, () => undefined);
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      const line = info.lines;
      try {
        yield { line, target: targetOfRecord(record) };
      } catch (error) {
        yield problemOf(line, error);
      }
    }
  } catch (error) {
    // A file that is not CSV at all (an unclosed quote, a row with more cells than the header) ends the read here.
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? 0;
      yield { line, problem: { line, field: 'csv', rule: error.message } };
      return;
    }
    if (error instanceof FileProblem) {
      yield { line: error.line, problem: { line: error.line, field: error.field, rule: error.rule } };
      return;
    }
    throw error;
  }
}

async function* jsonLines(path: string): AsyncGenerator<InputLine> {
  await requireRegularFile(path);
  const text = textOf(path);
  const lines = createInterface({ input: text, crlfDelay: Infinity });
  // The input's error ends the lines (readline re-emits it; closing covers a version that would not), and is reported
  // once the lines before it are.
  let failure: unknown;
  text.once('error', (error) => {
    failure = error;
    lines.close();
  });
  let line = 0;
  try {
    for await (const value of lines) {
      line++;
      const item = jsonLine(line, value);
      if (item) yield item;
    }
  } catch (error) {
    failure = error;
  } finally {
    lines.close();
    text.destroy();
  }
  if (failure === undefined) return;
  if (!(failure instanceof FileProblem)) throw failure as Error;
  yield { line: failure.line, problem: { line: failure.line, field: failure.field, rule: failure.rule } };
}

function jsonLine(line: number, text: string): InputLine | undefined {
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {
      line,
      problem: { line, field: 'json', rule: 'Each line must be one JSON value: a target string or a target object.' },
    };
  }
  try {
    return { line, target: targetOf(value) };
  } catch (error) {
    return problemOf(line, error);
  }
}

/**
 * Only a regular file: a directory cannot be read, and a FIFO or a device could be read only once (the file is read
 * twice: checked, then handed over) or never end.
 */
async function requireRegularFile(path: string): Promise<void> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(
      `Cannot read ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}.`,
      EXIT.invalidInput,
    );
  });
  if (info.isDirectory()) throw new CliError(`${path} is a directory, not a file of targets.`, EXIT.invalidInput);
  if (!info.isFile())
    throw new CliError(
      `${path} is not a regular file (a FIFO, socket or device): it is read twice, checked and then handed over, so give a file.`,
      EXIT.invalidInput,
    );
}

/** Every line of the file, in order, as it streams (no generator in between: each costs a few promises per line). */
export function readLines(path: string, format: InputFormat): AsyncGenerator<InputLine> {
  return format === 'csv' ? csvLines(path) : jsonLines(path);
}

/** A line that names a target an earlier line named: it is collapsed into that one (each target is deleted once). */
export interface Duplicate {
  line: number;
  firstLine: number;
}

export interface FileCheck {
  /** Distinct targets: a target named on several lines counts once. */
  targets: number;
  byProvider: Record<Provider, number>;
  /** The first `maxProblems` bad lines; `problemCount` counts them all. */
  problems: InputProblem[];
  problemCount: number;
  /** Lines collapsed into an earlier identical target; `duplicates` lists the first `maxProblems`. */
  duplicateCount: number;
  duplicates: Duplicate[];
  /** Hashes of the targets named more than once, for `pagesOf` to collapse them the same way. */
  repeated: ReadonlySet<number>;
}

/**
 * A 53-bit hash of a target's text form (two 32-bit FNV-1a), so that a million targets are remembered in a few tens of
 * MB. Equal hashes only mark candidates: duplicates are confirmed on the exact text.
 */
function hashOf(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0) * 0x200000 + (b >>> 11) + 1;
}

/**
 * The hashes seen so far, in an open-addressing table of doubles (a 53-bit hash is exact in one): a Set of a million
 * non-small numbers took most of a million-line check's time; this keeps it to the reading and validating.
 */
class HashSeen {
  private slots = new Float64Array(1 << 16);
  private size = 0;
  /** Records `hash` (> 0); true when it was there already. */
  saw(hash: number): boolean {
    if (this.size * 2 >= this.slots.length) {
      const old = this.slots;
      this.slots = new Float64Array(old.length * 2);
      for (const h of old) if (h !== 0) this.place(h);
    }
    return !this.place(hash);
  }
  /** False when it was there already. */
  private place(hash: number): boolean {
    const mask = this.slots.length - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const at = this.slots[i]!;
      if (at === hash) return false;
      if (at === 0) {
        this.slots[i] = hash;
        this.size++;
        return true;
      }
    }
  }
}

/** Collapses repeats among the targets whose hash is in `repeated`: undefined for a line naming an earlier target. */
function collapser(repeated: ReadonlySet<number>) {
  const first = new Map<string, number>();
  return (line: number, target: Target): Duplicate | undefined => {
    const key = formatTarget(target);
    if (!repeated.has(hashOf(key))) return undefined;
    const firstLine = first.get(key);
    if (firstLine !== undefined) return { line, firstLine };
    first.set(key, line);
    return undefined;
  };
}

/** Reads the whole file, holding only counts, a hash per target and the first few problems. */
export async function checkFile(path: string, format: InputFormat, maxProblems = 20): Promise<FileCheck> {
  const check: FileCheck = {
    targets: 0,
    byProvider: Object.fromEntries(PROVIDERS.map((p) => [p, 0])) as Record<Provider, number>,
    problems: [],
    problemCount: 0,
    duplicateCount: 0,
    duplicates: [],
    repeated: new Set(),
  };
  const seen = new HashSeen();
  const repeated = new Set<number>();
  for await (const item of readLines(path, format)) {
    if ('problem' in item) {
      if (check.problemCount++ < maxProblems) check.problems.push(item.problem);
      continue;
    }
    const hash = hashOf(formatTarget(item.target));
    if (seen.saw(hash)) repeated.add(hash);
    check.targets++;
    check.byProvider[providerOf(item.target)]++;
  }
  if (repeated.size > 0 && check.problemCount === 0) {
    // Only when some hash repeats: a second read confirms each candidate on its exact text.
    const duplicateOf = collapser(repeated);
    for await (const item of readLines(path, format)) {
      if (!('target' in item)) continue;
      const duplicate = duplicateOf(item.line, item.target);
      if (!duplicate) continue;
      if (check.duplicateCount++ < maxProblems) check.duplicates.push(duplicate);
      check.targets--;
      check.byProvider[providerOf(item.target)]--;
    }
    check.repeated = repeated;
  }
  return check;
}

/** The distinct targets of an already checked file, in pages (repeats collapsed as `checkFile` counted them). */
export async function* pagesOf(
  path: string,
  format: InputFormat,
  pageSize: number,
  repeated: ReadonlySet<number> = new Set(),
): AsyncGenerator<Target[]> {
  const duplicateOf = collapser(repeated);
  let page: Target[] = [];
  for await (const item of readLines(path, format)) {
    if (!('target' in item)) throw new Error(`line ${item.line} changed since it was checked`);
    if (duplicateOf(item.line, item.target)) continue;
    page.push(item.target);
    if (page.length === pageSize) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}
