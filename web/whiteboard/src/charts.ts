import type { AnalyticsResponse } from "../../../functions/src/analytics/schema";
import { svg } from "./dom";
import { msText } from "./format";

/**
 * Two small SVG charts, drawn by hand (no chart library: a few rectangles and labels). Every
 * bar carries its figure in data-* attributes and a <title>, so a test and a screen reader
 * read the same numbers the chart is drawn from.
 */

type PerStep = AnalyticsResponse["duration"]["per_step"];

const STEP_ROW = 26;
const STEP_LABEL_W = 150;
const STEP_BAR_W = 330;
const STEP_TEXT_W = 200;

/** Step durations: per step, the p90 as a pale bar and the mean as a dark one inside it (linear scale). */
export function stepChart(perStep: PerStep): SVGSVGElement {
  const steps = Object.entries(perStep);
  const max = Math.max(1, ...steps.flatMap(([, figure]) => [figure.average_ms ?? 0, figure.p90_ms ?? 0]));
  const width = STEP_LABEL_W + STEP_BAR_W + STEP_TEXT_W;
  const root = svg("svg", { viewBox: `0 0 ${width} ${steps.length * STEP_ROW}`, class: "chart", role: "img" });
  root.setAttribute("aria-label", "Step durations, mean and 90th percentile");
  const scale = (ms: number) => Math.max(1, (ms / max) * STEP_BAR_W);
  steps.forEach(([step, figure], index) => {
    const y = index * STEP_ROW;
    const group = svg("g", {
      "data-step": step,
      "data-mean-ms": figure.average_ms ?? "",
      "data-p90-ms": figure.p90_ms ?? "",
      "data-samples": figure.samples,
    });
    const summary =
      figure.average_ms === null
        ? "no runs yet"
        : `mean ${msText(figure.average_ms)} · p90 ≤ ${figure.p90_ms === null ? "—" : msText(figure.p90_ms)}`;
    group.append(svg("title", {}, `${step}: ${summary} (${figure.samples} runs)`));
    group.append(svg("text", { x: 0, y: y + 17, class: "chart-label" }, step));
    if (figure.p90_ms !== null)
      group.append(svg("rect", { x: STEP_LABEL_W, y: y + 5, width: scale(figure.p90_ms), height: 16, class: "p90" }));
    if (figure.average_ms !== null)
      group.append(
        svg("rect", { x: STEP_LABEL_W, y: y + 9, width: scale(figure.average_ms), height: 8, class: "mean" }),
      );
    group.append(svg("text", { x: STEP_LABEL_W + STEP_BAR_W + 8, y: y + 17, class: "chart-value" }, summary));
    root.append(group);
  });
  return root;
}

const HOUR_W = 22;
const HOUR_H = 90;
const HOUR_TOP = 16;
const HOUR_AXIS = 18;

/** Missions finished in each UTC hour of today: 24 columns, the count above each non-empty one. */
export function hourChart(byHour: readonly number[], day: string): SVGSVGElement {
  const max = Math.max(1, ...byHour);
  const root = svg("svg", {
    viewBox: `0 0 ${24 * HOUR_W} ${HOUR_TOP + HOUR_H + HOUR_AXIS}`,
    class: "chart",
    role: "img",
  });
  root.setAttribute("aria-label", `Missions finished per hour on ${day} (UTC)`);
  const baseline = HOUR_TOP + HOUR_H;
  root.append(svg("line", { x1: 0, x2: 24 * HOUR_W, y1: baseline, y2: baseline, class: "axis" }));
  byHour.forEach((count, hour) => {
    const x = hour * HOUR_W;
    const height = (count / max) * HOUR_H;
    const bar = svg("rect", {
      x: x + 3,
      y: baseline - height,
      width: HOUR_W - 6,
      height,
      class: "hour",
      "data-hour": hour,
      "data-count": count,
    });
    bar.append(
      svg("title", {}, `${String(hour).padStart(2, "0")}:00–${String(hour + 1).padStart(2, "0")}:00 UTC: ${count}`),
    );
    root.append(bar);
    if (count > 0)
      root.append(svg("text", { x: x + HOUR_W / 2, y: baseline - height - 4, class: "chart-count" }, String(count)));
    if (hour % 3 === 0)
      root.append(
        svg("text", { x: x + HOUR_W / 2, y: baseline + 14, class: "chart-axis" }, String(hour).padStart(2, "0")),
      );
  });
  return root;
}
