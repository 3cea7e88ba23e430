/** Request parameters the way a Rails controller sees them: query string and JSON body merged, the body winning. */
export type SimParams = Record<string, unknown>;

/**
 * Rails merges the query string into `params`, so legacy accepts `POST /notes?note[staff_id]=7`
 * as readily as a JSON body: a smuggled request needs no body of its own to write a note.
 * Query values stay strings; `a[b]=c` nests one level, as Rails does for `note[title]`.
 */
export function railsParams(query: string, body: Buffer): SimParams {
  const params: SimParams = {};
  for (const [key, value] of new URLSearchParams(query)) {
    const nested = /^([^[\]]+)\[([^[\]]+)\]$/.exec(key);
    if (!nested) params[key] = value;
    else params[nested[1]!] = { ...asObject(params[nested[1]!]), [nested[2]!]: value };
  }
  for (const [key, value] of Object.entries(jsonObject(body))) {
    const merged = asObject(params[key]);
    params[key] = merged && asObject(value) ? { ...merged, ...asObject(value) } : value;
  }
  return params;
}

/** `{"name"}` or Rails' nested `{"hospital": {"name"}}`; undefined when absent. */
export function hospitalName(params: SimParams): string | undefined {
  const source = asObject(params.hospital) ?? params;
  const name = source.name;
  return name === undefined || name === null ? undefined : String(name);
}

/** The fields of a note, flat or nested under `note`. */
export function noteFields(params: SimParams): SimParams {
  return asObject(params.note) ?? params;
}

function asObject(value: unknown): SimParams | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as SimParams) : undefined;
}

function jsonObject(body: Buffer): SimParams {
  try {
    return asObject(JSON.parse(body.toString('utf8') || '{}')) ?? {};
  } catch {
    return {};
  }
}
