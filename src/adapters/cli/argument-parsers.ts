import { accessSync, constants, statSync } from 'node:fs';
import * as path from 'node:path';
import { InvalidArgumentError } from 'commander';

/**
 * Checks of paths and numbers made while the command line is parsed, so a wrong one is a
 * one-line usage error (exit 2) before anything is opened, read or written.
 */

/** A file that exists and can be read (an input). */
export function readableFile(value: string): string {
  let isFile: boolean;
  try {
    isFile = statSync(value).isFile();
    accessSync(value, constants.R_OK);
  } catch (e) {
    throw new InvalidArgumentError(reasonOf(e));
  }
  if (!isFile) throw new InvalidArgumentError('is not a file');
  return value;
}

/** A file that can be created where it is named (an output): its directory exists and is writable. */
export function creatableFile(value: string): string {
  const dir = path.dirname(path.resolve(value));
  try {
    if (!statSync(dir).isDirectory()) throw new InvalidArgumentError(`${dir} is not a directory`);
    accessSync(dir, constants.W_OK);
  } catch (e) {
    if (e instanceof InvalidArgumentError) throw e;
    throw new InvalidArgumentError(`its directory ${dir}: ${reasonOf(e)}`);
  }
  return value;
}

/** A TCP port: 0 (any free port) to 65535. */
export function tcpPort(value: string): number {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || n > 65_535) throw new InvalidArgumentError('must be a port number from 0 to 65535');
  return n;
}

function reasonOf(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'a part of the path is not a directory';
  return (e as Error).message;
}
