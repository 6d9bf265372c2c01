import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateSelection, loadRows, renderMarkdown, renderTables } from "../../scripts/eval-selection.js";

describe("eval-selection script (smoke)", () => {
  it("evaluates a few items of every kind and renders the tables", async () => {
    const rows = loadRows(resolve(import.meta.dirname, "../../data/selection/dev.jsonl"));
    expect(rows.length).toBeGreaterThan(700);
    const pick = (kind: string, n: number) => rows.filter((r) => r.kind === kind).slice(0, n);
    const sample = [...pick("text", 2), ...pick("code", 1), ...pick("math", 2)];
    const seen: string[] = [];
    const report = await evaluateSelection(sample, { onItem: (item) => seen.push(item.id) });

    expect(seen).toEqual(sample.map((r) => r.id));
    expect(report.items).toHaveLength(5);
    for (const item of report.items) {
      expect(typeof item.correct).toBe("boolean");
      expect(typeof item.consistent).toBe("boolean");
      expect(typeof item.tied).toBe("boolean");
    }
    expect(report.items.find((i) => i.kind === "code")!.method).toBe("tests");
    expect(report.byKind.map((g) => g.name)).toEqual(["code", "math", "text"]);
    const text = report.byKind.find((g) => g.name === "text")!;
    expect(text.n).toBe(2);
    expect(text.accuracy).toBeGreaterThanOrEqual(0);
    expect(text.accuracy).toBeLessThanOrEqual(1);
    expect(text.oracle).toBe(1);
    expect(text.ties).toBeLessThanOrEqual(text.n);

    const tables = renderTables(report);
    expect(tables).toContain("| group | n | selectBest |");
    for (const row of sample) expect(tables).toContain(`| ${row.source} |`);
    expect(renderMarkdown(report, "data/selection/dev.jsonl")).toContain("# Answer selection quality");
  });
});
