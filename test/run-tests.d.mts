// Types for the pure helpers of run-tests.mjs (tested by run-tests.spec.ts).
export declare const TIERS: string[];
export declare function parseArgs(argv: string[]): { tiers: string[]; jestArgs: string[] };
export declare function buildJestArgs(input: { tiers: string[]; jestArgs: string[]; cpus?: number }): string[];
export declare function needsServices(tiers: string[]): boolean;
export declare function isStaleClone(name: string, now?: number, maxAgeMs?: number): boolean;
