import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_STATUS } from '../../src/adapters/http/error-status';
import document from '../../src/adapters/http/openapi.json';
import { MAX_PAGE_SIZE, MAX_UNPAGED_LIST } from '../../src/application/hospitals/list-hospitals';
import { HOSPITAL_NAME_MAX_LENGTH } from '../../src/domain/hospital';

const doc = document as any;
const codes = Object.keys(ERROR_STATUS).sort();

/** The document states the limits the code enforces, from the same constants. */
describe('the OpenAPI document and the code agree', () => {
  it('lists exactly the stable error codes (domain errors and the HTTP layer\'s)', () => {
    expect(doc.components.schemas.ErrorCode.enum).toEqual(codes);
  });

  it('states the limits the server enforces', () => {
    expect(doc.components.schemas.HospitalFields.properties.name.maxLength).toBe(HOSPITAL_NAME_MAX_LENGTH);
    expect(doc.components.schemas.HospitalChanges.properties.name.maxLength).toBe(HOSPITAL_NAME_MAX_LENGTH);
    expect(doc.components.schemas.HospitalFields.required).toEqual(['name']);
    expect(doc.components.parameters.Limit.schema.maximum).toBe(MAX_PAGE_SIZE);
    expect(doc.components.schemas.HospitalList.maxItems).toBe(MAX_UNPAGED_LIST);
  });

  it('spells every operation the legacy way too, with the same parameters, body, responses and role', () => {
    const strip = ({ operationId, tags, summary, description, 'x-hosp-legacy-spelling-of': of, ...rest }: any) => rest;
    for (const [plain, legacy] of [['/hospitals', '/hospitals.json'], ['/hospitals/{id}', '/hospitals/{id}.json']] as const) {
      expect(Object.keys(doc.paths[legacy])).toEqual(Object.keys(doc.paths[plain]));
      for (const method of Object.keys(doc.paths[plain])) {
        expect(strip(doc.paths[legacy][method])).toEqual(strip(doc.paths[plain][method]));
        expect(doc.paths[legacy][method]['x-hosp-legacy-spelling-of']).toBe(`${method.toUpperCase()} ${plain}`);
        expect(doc.paths[legacy][method].tags).toContain('legacy spelling');
      }
    }
  });

  it('answers HEAD wherever it answers GET, with the same statuses and headers and no body', () => {
    for (const item of Object.values<any>(doc.paths)) {
      expect(Object.hasOwn(item, 'head')).toBe(Object.hasOwn(item, 'get'));
      if (!item.get) continue;
      expect(Object.keys(item.head.responses)).toEqual(Object.keys(item.get.responses));
      for (const response of Object.values<any>(item.head.responses)) {
        const resolved = response.$ref ? doc.components.responses[response.$ref.split('/').pop()] : response;
        expect(resolved.content).toBeUndefined();
      }
    }
  });

  it('has an example for every request body and every response body', () => {
    const missing: string[] = [];
    const hasExample = (media: any) => media.example !== undefined || media.examples !== undefined || media.schema?.example !== undefined || resolveSchema(media.schema)?.example !== undefined;
    const resolveSchema = (schema: any) => (schema?.$ref ? doc.components.schemas[schema.$ref.split('/').pop()] : schema);
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const [method, operation] of Object.entries<any>(item)) {
        const body = operation.requestBody?.content?.['application/json'];
        if (body && !hasExample(body)) missing.push(`${method} ${path} request`);
        for (const [status, response] of Object.entries<any>(operation.responses)) {
          const resolved = response.$ref ? doc.components.responses[response.$ref.split('/').pop()] : response;
          const media = resolved.content?.['application/json'];
          if (media && !hasExample(media) && path !== '/openapi.json') missing.push(`${method} ${path} ${status}`);
        }
        for (const parameter of operation.parameters ?? []) {
          const resolved = parameter.$ref ? doc.components.parameters[parameter.$ref.split('/').pop()] : parameter;
          if (resolved.example === undefined) missing.push(`${method} ${path} parameter ${resolved.name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('docs/http-api.md lists every error code with its status, and no other', () => {
    const markdown = readFileSync(join(__dirname, '../../docs/http-api.md'), 'utf8');
    const table = markdown.slice(markdown.indexOf('| Status | Codes |'));
    const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2);
    const documented = new Map<string, string>();
    for (const row of rows) {
      const [, status = '', text = ''] = row.split('|').map((cell) => cell.trim());
      for (const [, code] of text.matchAll(/`([A-Z][A-Z_]+)`/g)) documented.set(code!, status);
    }
    expect([...documented.keys()].sort()).toEqual(codes);
    for (const [code, status] of documented) {
      if (code === 'LEGACY_REJECTED') expect(status).toBe("legacy's own");
      else expect({ code, status }).toEqual({ code, status: String(ERROR_STATUS[code as keyof typeof ERROR_STATUS]) });
    }
  });
});
