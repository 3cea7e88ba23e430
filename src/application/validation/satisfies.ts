import { ValidateBy } from 'class-validator';

/**
 * A class-validator decorator from a domain rule written as "the problems with this value"
 * (empty when there are none): the rule stays plain and testable in the domain, and the
 * messages a client sees are the rule's own.
 */
export const Satisfies = (name: string, problems: (value: unknown) => string[]): PropertyDecorator =>
  ValidateBy({
    name,
    validator: {
      validate: (value: unknown) => problems(value).length === 0,
      defaultMessage: (args) => problems(args?.value).join('; '),
    },
  });
