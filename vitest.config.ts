import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // One worker per core (Vitest's default leaves one core free): most files wait on child
    // processes and loopback servers, and on CI's 2 cores this takes the suite from ~9 to ~5.5 minutes.
    maxWorkers: "100%",
  },
});
