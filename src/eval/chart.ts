/**
 * Quality against latency per strategy as an SVG scatter plot: x the median
 * latency, y the pass rate with its 95 % interval as a whisker, so the best
 * strategies sit top left.
 */
import type { StrategySummary } from "./stats.js";

const WIDTH = 640;
const HEIGHT = 400;
const MARGIN = { left: 60, right: 30, top: 30, bottom: 50 };
const COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Round tick steps (1, 2, 5 × 10^k) for an axis from 0 to `max`. */
function ticks(max: number, count = 5): number[] {
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw || 1));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  return Array.from({ length: Math.floor(max / step) + 1 }, (_, i) => i * step);
}

/** The chart as a standalone SVG document. */
export function qualityLatencySvg(strategies: readonly StrategySummary[], title = "Pass rate vs median latency"): string {
  const shown = strategies.filter((s) => s.n > 0);
  const maxLatency = Math.max(1, ...shown.map((s) => s.latencyMs.p50)) * 1.15;
  const xTicks = ticks(maxLatency);
  const xMax = xTicks[xTicks.length - 1]! < maxLatency ? xTicks[xTicks.length - 1]! + (xTicks[1] ?? maxLatency) : xTicks[xTicks.length - 1]!;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (latency: number) => MARGIN.left + (latency / xMax) * plotW;
  const y = (rate: number) => MARGIN.top + (1 - rate) * plotH;
  const unit = xMax >= 10_000 ? { div: 1000, label: "s" } : { div: 1, label: "ms" };
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="18" text-anchor="middle" font-size="14" font-weight="bold">${escape(title)}</text>`,
  ];
  for (const rate of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(rate)}" y2="${y(rate)}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${MARGIN.left - 8}" y="${y(rate) + 4}" text-anchor="end">${rate * 100}%</text>`);
  }
  for (const tick of xTicks.filter((t) => t <= xMax)) {
    parts.push(`<line x1="${x(tick)}" x2="${x(tick)}" y1="${MARGIN.top}" y2="${HEIGHT - MARGIN.bottom}" stroke="#f0f0f0"/>`);
    parts.push(`<text x="${x(tick)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${+(tick / unit.div).toFixed(2)}</text>`);
  }
  parts.push(
    `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${HEIGHT - MARGIN.bottom}" y2="${HEIGHT - MARGIN.bottom}" stroke="#333"/>`,
    `<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${HEIGHT - MARGIN.bottom}" stroke="#333"/>`,
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 12}" text-anchor="middle">median latency (${unit.label}) — further left is faster</text>`,
    `<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">pass rate (95% CI) — higher is better</text>`,
  );
  shown.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    const cx = x(s.latencyMs.p50);
    parts.push(
      `<line x1="${cx}" x2="${cx}" y1="${y(s.passRateCI[0])}" y2="${y(s.passRateCI[1])}" stroke="${color}" stroke-width="2" opacity="0.6"/>`,
      `<circle cx="${cx}" cy="${y(s.passRate)}" r="6" fill="${color}"><title>${escape(`${s.strategy}: ${(s.passRate * 100).toFixed(0)}% pass, p50 ${Math.round(s.latencyMs.p50)} ms`)}</title></circle>`,
      `<text x="${cx + 9}" y="${y(s.passRate) - 8 + (i % 2) * 20}" fill="${color}">${escape(s.strategy)}</text>`,
    );
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
