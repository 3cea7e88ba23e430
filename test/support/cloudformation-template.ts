import { readFileSync } from 'node:fs';
import { parse, Scalar, ScalarTag, CollectionTag, YAMLMap, YAMLSeq } from 'yaml';

/** The CloudFormation intrinsic functions that have a YAML short form (`!Ref`, `!Sub`, …). */
const SHORT_FORMS = [
  'Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split',
  'Sub', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'Condition', 'Ref',
] as const;

/** `{ Ref: x }` and `{ Condition: x }` keep their names; every other function becomes `Fn::Name`. */
const longName = (name: string): string => (name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`);

/** `!GetAtt Resource.Attribute` is the short form of `Fn::GetAtt: [Resource, Attribute]`. */
function shortValue(name: string, value: unknown): unknown {
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return [value.slice(0, dot), value.slice(dot + 1)];
  }
  return value;
}

/** Custom tags turning every short form, in scalar, sequence and mapping position, into its long form. */
function cloudFormationTags(): (ScalarTag | CollectionTag)[] {
  return SHORT_FORMS.flatMap((name) => [
    {
      tag: `!${name}`,
      resolve: (value: string) => ({ [longName(name)]: shortValue(name, value) }) as unknown as string,
    } satisfies ScalarTag,
    {
      tag: `!${name}`,
      collection: 'seq',
      resolve: (seq: YAMLSeq | YAMLMap) => wrap(name, seq),
    } satisfies CollectionTag,
    {
      tag: `!${name}`,
      collection: 'map',
      resolve: (map: YAMLSeq | YAMLMap) => wrap(name, map),
    } satisfies CollectionTag,
  ]);
}

/** A map node `{ Fn::Name: <collection> }`; yaml converts it to plain objects with the rest of the document. */
function wrap(name: string, node: YAMLSeq | YAMLMap): YAMLMap {
  const map = new YAMLMap();
  map.set(new Scalar(longName(name)), node);
  return map;
}

/** A CloudFormation template as plain data, intrinsic functions in long form. */
export type Template = {
  readonly Transform?: string | string[];
  readonly Parameters: Record<string, Record<string, unknown>>;
  readonly Conditions?: Record<string, unknown>;
  readonly Resources: Record<string, { Type: string; Condition?: string; DeletionPolicy?: string; Properties: Record<string, any> }>;
  readonly Outputs: Record<string, Record<string, unknown>>;
};

/** Reads a YAML CloudFormation template that uses short-form tags. */
export function readTemplate(file: string): Template {
  return parse(readFileSync(file, 'utf8'), { customTags: cloudFormationTags(), maxAliasCount: -1 }) as Template;
}
