/**
 * One request header read from Node's raw list (`req.rawHeaders`: name, value, name, value, …),
 * without touching `req.headers`: Node builds that object on first access, from every header, and
 * the API's hot paths want one header at most. Repeats are joined with ", " as `req.headers` does
 * for headers such as Origin and X-Forwarded-For; undefined when absent.
 */
export function rawHeader(rawHeaders: readonly string[], lowerCaseName: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (name.length !== lowerCaseName.length || name.toLowerCase() !== lowerCaseName) continue;
    value = value === undefined ? rawHeaders[i + 1]! : `${value}, ${rawHeaders[i + 1]!}`;
  }
  return value;
}
