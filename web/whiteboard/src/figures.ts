import type { AnalyticsResponse } from "../../../functions/src/analytics/schema";
import { hourChart, stepChart } from "./charts";
import { byId, el } from "./dom";
import { msText } from "./format";

/** The Figures panel: the headline numbers, the two charts and the per-step table. */
export function renderFigures(data: AnalyticsResponse): void {
  const capped = new Set<string>(data.counts_capped);
  const counts = Object.entries(data.counts_by_status).map(
    ([status, count]) => `${status} ${count}${capped.has(status) ? "+" : ""}`,
  );
  const tools = Object.entries(data.tool_usage).map(([tool, count]) => `${tool} ${count}`);
  const today = data.missions_today;
  const figures: [string, string][] = [
    ["Missions by status", counts.join(" · ")],
    ["Success rate", data.success_rate === null ? "—" : `${Math.round(data.success_rate * 1000) / 10}%`],
    ["Average duration", data.duration.average_ms === null ? "—" : `${(data.duration.average_ms / 1000).toFixed(2)} s`],
    ["Tool usage", tools.join(" · ")],
    ["Total cost", `$${data.cost.total_usd.toFixed(4)}`],
    ["Average cost", data.cost.average_usd === null ? "—" : `$${data.cost.average_usd.toFixed(4)}`],
    [`Today (${today.day}, UTC)`, `${today.finished} finished · ${today.completed} complete · ${today.failed} failed`],
  ];
  byId("figures").replaceChildren(
    ...figures.map(([term, value]) => {
      const item = el("div", "figure");
      item.append(el("dt", "", term), el("dd", "", value));
      return item;
    }),
  );
  byId("step-chart").replaceChildren(stepChart(data.duration.per_step));
  byId("hour-chart").replaceChildren(hourChart(today.finished_by_hour, today.day));
  byId("step-rows").replaceChildren(
    ...Object.entries(data.duration.per_step).map(([step, figure]) => {
      const row = el("tr");
      const name = el("th", "", step);
      name.scope = "row";
      row.append(
        name,
        el("td", "", figure.average_ms === null ? "—" : msText(figure.average_ms)),
        el("td", "", figure.p90_ms === null ? "—" : `≤ ${msText(figure.p90_ms)}`),
        el("td", "", String(figure.samples)),
      );
      return row;
    }),
  );
}
