// Types for bin/dist.js (plain JavaScript, so the launchers run without a build), for TypeScript callers.
export declare const ROOT: string;
export declare const STAMP: string;
export type DistStatus = { readonly fresh: true } | { readonly fresh: false; readonly reason: string | null };
export declare function distStatus(): DistStatus;
export declare function distUrl(srcRelative: string): string;
export declare function explainSourceStart(reason: string | null): void;
