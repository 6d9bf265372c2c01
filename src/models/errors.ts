/** The embedded model was asked for but cannot run here (the runtime is not installed, or it failed to start). */
export class EmbeddedRuntimeError extends Error {
  override name = "EmbeddedRuntimeError";
}
