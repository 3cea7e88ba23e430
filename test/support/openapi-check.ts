import Ajv2020 from 'ajv/dist/2020';
import openApi from '../../src/adapters/http/openapi.json';
import { HttpResponse } from '../../src/adapters/http/http-response';

const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema(openApi, 'openapi');

interface ResponseSpec {
  readonly $ref?: string;
  readonly headers?: Record<string, { $ref?: string; required?: boolean }>;
  readonly content?: unknown;
}
type Doc = { paths: Record<string, Record<string, { responses: Record<string, ResponseSpec> }>>; components: Record<string, Record<string, any>> };
const doc = openApi as unknown as Doc;

const escapeRef = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** The object a local `$ref` names, and its JSON pointer; the object itself when it is not a reference. */
function resolve<T extends { $ref?: string }>(value: T, pointer: string): { value: T; pointer: string } {
  if (!value.$ref) return { value, pointer };
  const [, kind, name] = value.$ref.split('/').slice(1);
  return { value: doc.components[kind!]![name!] as T, pointer: `#/components/${kind}/${escapeRef(name!)}` };
}

function templateFor(path: string): string | undefined {
  const bare = path.split('?')[0]!;
  return Object.keys(doc.paths).find((template) => new RegExp(`^${template.replace(/\./g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`).test(bare));
}

/**
 * Problems with a real response against the OpenAPI document: an undocumented status, a
 * body that does not match its schema (or a body on HEAD), a required header that is missing.
 * Empty when it conforms. Error responses of unknown paths are checked against the Error schema.
 */
export function openApiProblems(method: string, path: string, response: HttpResponse): string[] {
  const template = templateFor(path);
  const operation = template ? doc.paths[template]?.[method.toLowerCase()] : undefined;
  if (!operation) {
    if (response.statusCode < 400) return [`no documented operation for ${method} ${path}`];
    if (method === 'HEAD') return response.body === '' ? [] : ['a body on a HEAD answer'];
    return validate('openapi#/components/schemas/Error', JSON.parse(response.body));
  }
  const listed = operation.responses[String(response.statusCode)];
  if (!listed) return [`status ${response.statusCode} is not documented for ${method} ${template}`];
  const { value: spec, pointer } = resolve(listed, `#/paths/${escapeRef(template!)}/${method.toLowerCase()}/responses/${response.statusCode}`);
  const problems: string[] = [];
  for (const [name, header] of Object.entries(spec.headers ?? {})) {
    if (resolve(header, '').value.required && response.headers[name.toLowerCase()] === undefined) problems.push(`missing header ${name}`);
  }
  if (spec.content) {
    if (!response.headers['content-type']?.startsWith('application/json')) problems.push('content-type is not JSON');
    problems.push(...validate(`openapi${pointer}/content/application~1json/schema`, JSON.parse(response.body)));
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
