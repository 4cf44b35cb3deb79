let counter = 0;
/** A value unique within the test run: prefix + process id + counter. */
export function uniq(prefix: string): string {
  counter += 1;
  return `${prefix}${process.pid.toString(36)}${counter}`;
}
