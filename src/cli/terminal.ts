import { styleText } from "node:util";

/** Where the CLI writes: `process.stdout`/`process.stderr`, or a test double. */
export interface Terminal {
  write(text: string): boolean;
  /** True for an interactive terminal: live display, colours (unless `NO_COLOR`). */
  isTTY?: boolean;
  columns?: number;
  /** Node's check of `NO_COLOR`, `FORCE_COLOR` and the terminal's colour depth. */
  hasColors?: () => boolean;
}

type Style = Parameters<typeof styleText>[0];

/** Styles text only where the terminal shows colours; plain text in pipes and CI logs. */
export function painter(terminal: Terminal): (style: Style, text: string) => string {
  const colors = Boolean(terminal.isTTY && (terminal.hasColors?.() ?? false));
  // We decided already; Node would otherwise check stdout, which may be a pipe while stderr is a terminal.
  return colors ? (style, text) => styleText(style, text, { validateStream: false }) : (_style, text) => text;
}

/** `0.4s`, `12.3s`, `2m05s`. */
export function formatDuration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, "0")}s`;
}

/** `1,234` */
export const formatCount = (n: number): string => n.toLocaleString("en-US");

/** The first line of `text`, at most `max` characters, with an ellipsis when cut. */
export function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= max ? line : `${line.slice(0, Math.max(0, max - 1))}…`;
}

/** `812 B`, `240.1 KB`, `1.1 GB` (powers of 1000, as download sizes are usually given). */
export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Money, to four significant digits (prices are in the caller's currency, so no symbol). */
export const formatMoney = (amount: number): string => String(Number(amount.toPrecision(4)));
