import { all, create, type MathNode } from "mathjs";
import { ToolInputError } from "../errors";
import type { Tool, ToolResult, ToolRunContext } from "./types";

/** Longest expression accepted; longer input is refused before parsing. */
export const MAX_EXPRESSION_CHARS = 500;
/** Most syntax-tree nodes accepted; bounds evaluation work. */
const MAX_EXPRESSION_NODES = 200;

// A private mathjs instance. mathjs's documented hardening: functions that parse, compile
// or define things are replaced so they cannot be reached from an expression.
const math = create(all ?? {});
const evaluateExpression = math.evaluate.bind(math);
const parseExpression = math.parse.bind(math);
const refuse = (name: string) => () => {
  throw new Error(`${name} is disabled`);
};
math.import(
  Object.fromEntries(
    ["import", "createUnit", "reviver", "evaluate", "parse", "simplify", "derivative", "resolve", "compile"].map(
      (name) => [name, refuse(name)],
    ),
  ),
  { override: true },
);

/**
 * Only arithmetic: numbers, + - * / ^ % (and `15%` as a percentage), parentheses, these
 * functions and mathjs's units with its conversion operator (`5 mile to km`, `72 degF to degC`).
 * Everything else (assignments, matrices, strings, function definitions, property access,
 * operators not listed) is refused by walking the syntax tree before anything is evaluated.
 */
const ALLOWED_FUNCTIONS = new Set([
  "abs",
  "ceil",
  "floor",
  "round",
  "sqrt",
  "cbrt",
  "exp",
  "log",
  "log10",
  "log2",
  "sin",
  "cos",
  "tan",
  "min",
  "max",
  "pow",
  "mod",
]);
const ALLOWED_CONSTANTS = new Set(["pi", "e"]);

/** A function or constant an expression may name (so the classifier keeps "sqrt" in "sqrt(2) * 10"). */
export function isCalculateName(name: string): boolean {
  return ALLOWED_FUNCTIONS.has(name) || ALLOWED_CONSTANTS.has(name);
}
const ALLOWED_NODE_TYPES = new Set(["ConstantNode", "OperatorNode", "ParenthesisNode", "SymbolNode", "FunctionNode"]);
/** Operators by the mathjs function they call; the parser turns `15%` into a division by 100. */
// `to` (also written `in`) converts a value with a unit into another unit.
const ALLOWED_OPERATORS = new Set([
  "add",
  "subtract",
  "multiply",
  "divide",
  "pow",
  "mod",
  "unaryMinus",
  "unaryPlus",
  "to",
]);

/** A unit mathjs knows by this name (mile, km, degF, lb, L …), with or without a prefix. */
function isUnitName(name: string): boolean {
  return math.Unit.isValuelessUnit(name);
}

/**
 * Why an operator that is not allowed is refused, in words a person understands. Bitwise
 * operators work on 32-bit integers in mathjs (`1 << 1000` is 256), so their answers would
 * be wrong, not merely unusual.
 */
const OPERATOR_REFUSALS: Record<string, string> = {
  bitAnd: "bitwise",
  bitOr: "bitwise",
  bitXor: "bitwise",
  bitNot: "bitwise",
  leftShift: "bitwise",
  rightArithShift: "bitwise",
  rightLogShift: "bitwise",
  ctranspose: "matrix (transpose)",
  transpose: "matrix (transpose)",
  dotMultiply: "matrix (element-wise)",
  dotDivide: "matrix (element-wise)",
  dotPow: "matrix (element-wise)",
  factorial: "factorial",
};

interface OperatorShape {
  op: string;
  fn: string;
}

function checkOperator(node: MathNode): void {
  const { op, fn } = node as unknown as OperatorShape;
  if (ALLOWED_OPERATORS.has(fn)) return;
  const kind = OPERATOR_REFUSALS[fn];
  throw new ToolInputError(
    kind
      ? `expression uses the ${kind} operator ${op}, which calculate does not allow; use + - * / ^ % and parentheses`
      : `expression uses the operator "${op}", which calculate does not allow; use + - * / ^ % and parentheses`,
  );
}

export function checkExpression(expression: string): MathNode {
  if (expression.length > MAX_EXPRESSION_CHARS) {
    throw new ToolInputError(
      `expression is ${expression.length} characters; at most ${MAX_EXPRESSION_CHARS} are allowed`,
    );
  }
  let tree: MathNode;
  try {
    tree = parseExpression(expression);
  } catch (error) {
    throw new ToolInputError(`cannot parse expression "${expression}": ${(error as Error).message}`);
  }
  let nodes = 0;
  tree.traverse((node, _path, parent) => {
    nodes += 1;
    if (!ALLOWED_NODE_TYPES.has(node.type)) {
      throw new ToolInputError(`expression uses ${node.type}, which calculate does not allow`);
    }
    if (node.type === "OperatorNode") checkOperator(node);
    if (node.type === "ConstantNode" && typeof (node as unknown as { value: unknown }).value !== "number") {
      throw new ToolInputError("expression may contain only numbers");
    }
    if (node.type === "SymbolNode") {
      const name = (node as unknown as { name: string }).name;
      const isCallee = parent?.type === "FunctionNode" && (parent as unknown as { fn: MathNode }).fn === node;
      const allowed = isCallee ? ALLOWED_FUNCTIONS.has(name) : ALLOWED_CONSTANTS.has(name) || isUnitName(name);
      if (!allowed) throw new ToolInputError(`expression uses "${name}", which calculate does not allow`);
    }
  });
  if (nodes > MAX_EXPRESSION_NODES) {
    throw new ToolInputError(`expression has ${nodes} terms; at most ${MAX_EXPRESSION_NODES} are allowed`);
  }
  return tree;
}

/** A computed value, with its unit when the expression had units (`8.04672` `km`). */
export interface CalculatedValue {
  value: number;
  unit?: string;
}

/** Evaluates a checked expression; a result with a unit keeps it (`5 mile to km` → 8.04672 km). */
export function calculateValue(expression: string): CalculatedValue {
  checkExpression(expression);
  let value: unknown;
  try {
    value = evaluateExpression(expression);
  } catch (error) {
    // Whatever mathjs refuses (wrong argument count or type, a value out of its domain) is
    // the expression's fault, so it is a tool_input error and never retried.
    throw new ToolInputError(`cannot evaluate "${expression}": ${(error as Error).message}`);
  }
  if (math.isUnit(value)) {
    // A bare unit ("km") has no value to report.
    const number = value.value === null ? Number.NaN : value.toNumber();
    if (!Number.isFinite(number)) throw new ToolInputError(`"${expression}" does not evaluate to a finite number`);
    return { value: number, unit: value.formatUnits() };
  }
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ToolInputError(`"${expression}" does not evaluate to a finite number`);
  }
  return { value };
}

/** The number an expression is worth (in its result's unit when it has one). */
export function calculate(expression: string): number {
  return calculateValue(expression).value;
}

export const calculateTool: Tool = {
  name: "calculate",
  serves: ["calculation"],
  // mathjs in this process, with its bounds: no network, no writes, no cost.
  pure: true,
  async run({ input }: ToolRunContext): Promise<ToolResult> {
    const expression = input.expression;
    if (typeof expression !== "string" || expression.trim() === "") {
      throw new ToolInputError("calculate needs input.expression, a non-empty string");
    }
    const { value, unit } = calculateValue(expression);
    const rounded = Number(value.toPrecision(12));
    const withUnit = unit ? { unit } : {};
    return {
      summary: `${expression} = ${rounded}${unit ? ` ${unit}` : ""}`,
      result: { expression, value: rounded, ...withUnit },
      content: { expression, value: rounded, ...withUnit },
      costMicroUsd: 0,
    };
  },
};
