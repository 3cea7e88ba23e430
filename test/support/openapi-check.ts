import Ajv2020 from 'ajv/dist/2020';
import openApi from '../../src/adapters/http/openapi.json';
import { HttpResponse } from '../../src/adapters/http/http-response';

const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema(openApi, 'openapi');

type Doc = typeof openApi & { paths: Record<string, Record<string, { responses: Record<string, any> }>> };
const doc = openApi as Doc;

const ALWAYS_PRESENT_HEADERS = ['ETag', 'Location', 'WWW-Authenticate', 'Allow'];

function templateFor(path: string): string | undefined {
  const bare = path.split('?')[0]!.replace(/\.json$/, '');
  if (path.split('?')[0] === '/openapi.json') return '/openapi.json';
  return Object.keys(doc.paths).find((template) => new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(bare));
}

const escapeRef = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Problems with a real response against the OpenAPI document: an undocumented status, a
 * body that does not match its schema, a documented header that is missing. Empty when it conforms.
 * Error responses of unknown paths are checked against the Error schema.
 */
export function openApiProblems(method: string, path: string, response: HttpResponse): string[] {
  const template = templateFor(path);
  const operation = template ? doc.paths[template]?.[method.toLowerCase()] : undefined;
  if (!operation) {
    if (response.statusCode < 400) return [`no documented operation for ${method} ${path}`];
    return validate('openapi#/components/schemas/Error', JSON.parse(response.body));
  }
  const spec = operation.responses[String(response.statusCode)];
  if (!spec) return [`status ${response.statusCode} is not documented for ${method} ${template}`];
  const problems: string[] = [];
  for (const header of Object.keys(spec.headers ?? {})) {
    if (ALWAYS_PRESENT_HEADERS.includes(header) && response.headers[header.toLowerCase()] === undefined) {
      problems.push(`missing header ${header}`);
    }
  }
  if (spec.content) {
    if (!response.headers['content-type']?.startsWith('application/json')) problems.push('content-type is not JSON');
    const ref = `openapi#/paths/${escapeRef(template!)}/${method.toLowerCase()}/responses/${response.statusCode}/content/application~1json/schema`;
    problems.push(...validate(ref, JSON.parse(response.body)));
  } else if (response.body !== '') {
    problems.push('a body where none is documented');
  }
  return problems;
}

function validate(ref: string, value: unknown): string[] {
  const check = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
  if (check(value)) return [];
  return (check.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}
