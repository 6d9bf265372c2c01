import type { DownloadProgress } from "../models/modelCache.js";
import { formatBytes, type Terminal } from "./terminal.js";

const BAR_WIDTH = 24;
/** Without a terminal, a line every this many percent, so CI logs show progress without flooding. */
const LOG_STEP_PERCENT = 10;

/**
 * A download progress bar on stderr: bytes so far and in all, percent and
 * rate. On a terminal one line redrawn in place; elsewhere a plain line every
 * 10 %. `done()` ends the line.
 */
export function downloadBar(terminal: Terminal, label: string): { onProgress: (progress: DownloadProgress) => void; done: () => void } {
  let lastLogged = -LOG_STEP_PERCENT;
  let drawn = false;
  const line = ({ downloadedBytes, totalBytes, bytesPerSecond }: DownloadProgress): { text: string; percent: number } => {
    const percent = totalBytes > 0 ? Math.min(100, (downloadedBytes / totalBytes) * 100) : 0;
    const filled = Math.round((percent / 100) * BAR_WIDTH);
    const bar = `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}]`;
    const size = totalBytes > 0 ? `${formatBytes(downloadedBytes)} / ${formatBytes(totalBytes)}` : formatBytes(downloadedBytes);
    const rate = bytesPerSecond > 0 ? `  ${formatBytes(bytesPerSecond)}/s` : "";
    return { text: `${label} ${bar} ${percent.toFixed(0).padStart(3)}%  ${size}${rate}`, percent };
  };
  return {
    onProgress(progress) {
      const { text, percent } = line(progress);
      if (terminal.isTTY) {
        terminal.write(`\r\x1b[2K${text}`);
        drawn = true;
      } else if (percent - lastLogged >= LOG_STEP_PERCENT || (percent === 100 && lastLogged < 100)) {
        lastLogged = percent === 100 ? 100 : Math.floor(percent / LOG_STEP_PERCENT) * LOG_STEP_PERCENT;
        terminal.write(`${text}\n`);
      }
    },
    done() {
      if (drawn) terminal.write("\n");
      drawn = false;
    },
  };
}
