/** The shape shared by defineInt / defineString / defineBoolean params. */
interface ScalarParam<T extends string | number | boolean> {
  readonly name: string;
  readonly options: { default?: unknown };
  value(): T;
}

/**
 * A param's value, or its declared default when nothing set it. Inside the Functions runtime
 * firebase-tools fills every param in; outside it (tests, scripts) firebase-functions would
 * answer "", 0 or false for an unset param instead of its default.
 */
export function paramValue<T extends string | number | boolean>(param: ScalarParam<T>): T {
  const fallback = param.options.default;
  const isLiteral = typeof fallback === "string" || typeof fallback === "number" || typeof fallback === "boolean";
  if (process.env[param.name] === undefined && isLiteral) return fallback as T;
  return param.value();
}
