/** One `measureRaw` call in a fresh process (`inFreshProcess`, bench/freshProcess.ts). */
import { answerParent } from "./freshProcess.js";
import { measureRaw } from "./suites/raw.js";

answerParent(measureRaw);
