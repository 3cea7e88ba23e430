import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { Options, parse, Parser } from 'csv-parse';

/**
 * The rows of a CSV file as a stream to iterate. Joined with `pipeline`, not `pipe`, so a
 * file that cannot be read (missing, a directory, no permission) fails the iteration instead
 * of crashing hosp with an unhandled 'error' event on the file stream.
 */
export function csvFileRows(file: string, options: Options): Parser {
  const parser = parse(options);
  // The error reaches whoever iterates the parser; nothing more to do with it here.
  pipeline(createReadStream(file), parser, () => undefined);
  return parser;
}
