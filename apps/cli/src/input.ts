// Target files, read as streams so that millions of lines never sit in memory: CSV (a `target` column in the text
// syntax, or one column per field: `kind` and the fields of every kind, FIELD_COLUMNS) or JSONL (each line a target string or a target object). Every line is validated with the same parser the
// workflows use; a bad line is reported with its line number, the field and the rule.
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { parse as parseCsv, CsvError } from 'csv-parse';
import { PROVIDERS, TeardownValidationError, type Provider } from '@teardown/core';
import { KINDS, providerOf, parseTarget, validateTarget, type Target } from '@teardown/temporal';
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

async function* csvLines(path: string): AsyncGenerator<InputLine> {
  const parser = createReadStream(path).pipe(
    parseCsv({ columns: true, info: true, skip_empty_lines: true, trim: true, bom: true }),
  );
  try {
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
    throw error;
  }
}

async function* jsonLines(path: string): AsyncGenerator<InputLine> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      yield {
        line,
        problem: { line, field: 'json', rule: 'Each line must be one JSON value: a target string or a target object.' },
      };
      continue;
    }
    try {
      yield { line, target: targetOf(value) };
    } catch (error) {
      yield problemOf(line, error);
    }
  }
}

/** Every line of the file, in order, as it streams. */
export function readLines(path: string, format: InputFormat): AsyncGenerator<InputLine> {
  return format === 'csv' ? csvLines(path) : jsonLines(path);
}

export interface FileCheck {
  targets: number;
  byProvider: Record<Provider, number>;
  /** The first `maxProblems` bad lines; `problemCount` counts them all. */
  problems: InputProblem[];
  problemCount: number;
}

/** Reads the whole file once, holding only counts and the first few problems. */
export async function checkFile(path: string, format: InputFormat, maxProblems = 20): Promise<FileCheck> {
  const check: FileCheck = {
    targets: 0,
    byProvider: Object.fromEntries(PROVIDERS.map((p) => [p, 0])) as Record<Provider, number>,
    problems: [],
    problemCount: 0,
  };
  for await (const item of readLines(path, format)) {
    if ('problem' in item) {
      if (check.problemCount++ < maxProblems) check.problems.push(item.problem);
    } else {
      check.targets++;
      check.byProvider[providerOf(item.target)]++;
    }
  }
  return check;
}

/** The targets of an already checked file, in pages. */
export async function* pagesOf(path: string, format: InputFormat, pageSize: number): AsyncGenerator<Target[]> {
  let page: Target[] = [];
  for await (const item of readLines(path, format)) {
    if (!('target' in item)) throw new Error(`line ${item.line} changed since it was checked`);
    page.push(item.target);
    if (page.length === pageSize) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}
