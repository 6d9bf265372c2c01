export * from "./schemas.js";
export * from "./state.js";
