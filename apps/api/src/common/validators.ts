import { registerDecorator, ValidateIf, ValidationOptions } from 'class-validator';
import { compareDecimal, isValidBusinessDate, isValidPeriod, MONEY_RE } from '#domain';

/** A real calendar date written YYYY-MM-DD. */
export function IsBusinessDate(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isBusinessDate',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a real date written YYYY-MM-DD`, ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && isValidBusinessDate(v) },
    });
}

/** Money in 万元: a non-negative decimal string with at most 2 decimals. */
export function IsMoney(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isMoney',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a non-negative amount in 万元 with at most 2 decimals, as a string such as "12500.50"`, ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && MONEY_RE.test(v) },
    });
}

/** A money amount not below the money field `other` of the same object (checked only when both are valid amounts). */
export function IsMoneyNotBelow(other: string, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isMoneyNotBelow',
      target: object.constructor,
      propertyName,
      constraints: [other],
      options: { message: `${propertyName} must not be less than ${other}`, ...options },
      validator: {
        validate: (v: unknown, args) => {
          const o = (args?.object as Record<string, unknown> | undefined)?.[other];
          if (typeof v !== 'string' || typeof o !== 'string' || !MONEY_RE.test(v) || !MONEY_RE.test(o)) return true;
          return compareDecimal(v, o) >= 0;
        },
      },
    });
}

/** A month period YYYY-MM (or a year YYYY when allowYear). */
export function IsPeriod(allowYear = false, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isPeriod',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a period written YYYY-MM${allowYear ? ' or YYYY' : ''}`, ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && (isValidPeriod(v) || (allowYear && /^\d{4}$/.test(v))) },
    });
}

/**
 * The field may be left out, but not sent as null: for columns that cannot be empty. (class-validator's
 * IsOptional lets null through, which would reach the database as a NOT NULL violation.)
 */
export function Optional(options?: ValidationOptions) {
  return ValidateIf((_object, value) => value !== undefined, options);
}
