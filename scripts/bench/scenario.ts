/**
 * A benchmark scenario: one file exporting a Scenario, listed once in scenarios.ts. It runs
 * inside the bench's emulator suite (Firestore, Functions with the floor trigger, Auth,
 * Hosting) and returns its tables (printed) and figures (saved as JSON).
 */
export type Cell = string | number;

export interface Table {
  title: string;
  head: string[];
  rows: Cell[][];
  /** Sentences printed under the table: what the figures mean, what to keep in mind. */
  notes?: string[];
}

export interface ScenarioResult {
  tables: Table[];
  /** Raw figures, machine-readable (test-results/bench.json, under the scenario's name). */
  figures: Record<string, unknown>;
}

export interface Scenario {
  /** Short id: the key in bench.json, and what MC_BENCH_ONLY=name1,name2 selects. */
  name: string;
  run(): Promise<ScenarioResult>;
}

export function ms(value: number, digits = 0): string {
  return `${value.toFixed(digits)} ms`;
}

export function ratio(value: number): string {
  return `${value.toFixed(2)}×`;
}

/** A Markdown table (GitHub style), padded so that it also reads well in a terminal. */
export function renderTable(table: Table): string {
  const cells = [table.head, ...table.rows.map((row) => row.map(String))];
  const widths = table.head.map((_, column) => Math.max(3, ...cells.map((row) => String(row[column] ?? "").length)));
  const line = (row: readonly Cell[]) =>
    `| ${widths.map((width, column) => String(row[column] ?? "").padEnd(width)).join(" | ")} |`;
  return [
    `### ${table.title}`,
    "",
    line(table.head),
    `| ${widths.map((width) => "-".repeat(width)).join(" | ")} |`,
    ...table.rows.map(line),
    ...(table.notes?.length ? ["", ...table.notes.map((note) => `- ${note}`)] : []),
    "",
  ].join("\n");
}
