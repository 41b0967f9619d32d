// Types for build-stamp.mjs (plain JavaScript, so bin/xinwen.js can load it without tsx), for
// the TypeScript that imports it: src/deploy/build.test.ts.
export declare const STAMP_FILE: string;
export declare function isTestFile(name: string): boolean;
export declare function buildSources(root: string): string[];
export declare function sourceStamp(root: string): string;
export declare function builtStamp(outdir: string): string | null;
export declare function chooseEntry(root: string, runFrom: string | undefined): 'build' | 'source';
