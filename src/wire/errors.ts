import { AppError } from '../platform/errors.js';

/**
 * A problem at a line of wire copy, thrown by the parsers, which do not know the file name;
 * `parseWireFile` turns it into a WireParseError.
 */
export class LineError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'LineError';
  }
}

/**
 * A wire file that cannot be imported. The message names the file and line, compiler style:
 * `wire/sample.txt:1: 文件为空 (empty file)`.
 */
export class WireParseError extends AppError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(400, 'wire_parse_error', reason, `${file}:${line}: ${reason}`);
    this.name = 'WireParseError';
  }
}
