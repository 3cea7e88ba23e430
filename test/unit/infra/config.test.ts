import * as path from 'node:path';
import { ConfigError } from '../../../src/infra/config/config-error';
import { loadConfig } from '../../../src/infra/config/config';
import { EnvReader } from '../../../src/infra/config/env-reader';

describe('loadConfig', () => {
  it('defaults to DynamoDB Local with data under ./.hosp/data', () => {
    expect(loadConfig({}).store).toEqual({ kind: 'dynamodb-local', dataDir: path.resolve('.hosp/data') });
  });

  it('reads HOSP_STORE and HOSP_DATA_DIR', () => {
    expect(loadConfig({ HOSP_STORE: ' memory ', HOSP_DATA_DIR: '/var/hosp' }).store).toEqual({
      kind: 'memory',
      dataDir: '/var/hosp',
    });
  });

  it('treats blank variables as unset', () => {
    expect(loadConfig({ HOSP_STORE: '  ' }).store.kind).toBe('dynamodb-local');
  });

  it('names the variable and the allowed values when a value is bad', () => {
    expect(() => loadConfig({ HOSP_STORE: 'postgres' })).toThrow(ConfigError);
    expect(() => loadConfig({ HOSP_STORE: 'postgres' })).toThrow(
      'HOSP_STORE must be one of dynamodb-local, memory, dynamodb, legacy (got "postgres")',
    );
  });
});

describe('EnvReader', () => {
  const problemsOf = (read: (env: EnvReader) => unknown, vars: Record<string, string>): string[] => {
    const env = new EnvReader(vars);
    read(env);
    try {
      env.assertValid();
      return [];
    } catch (error) {
      return [...(error as ConfigError).problems];
    }
  };

  it('parses integers and ports within range, else reports and falls back', () => {
    const env = new EnvReader({ A: '42', B: '70000', C: '4.5' });
    expect(env.integer('A', 1, 0, 100)).toBe(42);
    expect(env.port('B', 3000)).toBe(3000);
    expect(env.integer('C', 7, 0, 10)).toBe(7);
    expect(env.port('MISSING', 3000)).toBe(3000);
    expect(() => env.assertValid()).toThrow(/B must be an integer from 0 to 65535[\s\S]*C must be an integer/);
  });

  it('parses booleans', () => {
    const env = new EnvReader({ T: 'yes', F: 'OFF', X: 'maybe' });
    expect(env.boolean('T', false)).toBe(true);
    expect(env.boolean('F', true)).toBe(false);
    expect(env.boolean('X', true)).toBe(true);
    expect(env.boolean('MISSING', true)).toBe(true);
    expect(problemsOf(() => undefined, {})).toEqual([]);
    expect(() => env.assertValid()).toThrow('X must be true or false (got "maybe")');
  });

  it('accepts only absolute http(s) URLs', () => {
    const env = new EnvReader({ OK: 'https://example.test/x', FTP: 'ftp://example.test', JUNK: 'not a url' });
    expect(env.url('OK')?.href).toBe('https://example.test/x');
    expect(env.url('MISSING')).toBeUndefined();
    expect(env.url('FTP')).toBeUndefined();
    expect(env.url('JUNK')).toBeUndefined();
    expect(() => env.assertValid()).toThrow(/FTP must be an absolute[\s\S]*JUNK must be an absolute/);
  });

  it('splits lists and requires required values', () => {
    expect(new EnvReader({ L: ' a, ,b ,c' }).list('L')).toEqual(['a', 'b', 'c']);
    expect(new EnvReader({}).list('L')).toEqual([]);
    expect(problemsOf((env) => env.required('SECRET', 'when HOSP_STORE=legacy'), {})).toEqual([
      'SECRET is required when HOSP_STORE=legacy',
    ]);
    expect(problemsOf((env) => env.required('SECRET', 'always'), { SECRET: 's' })).toEqual([]);
  });
});
