// Types for log.mjs (documented there).
export function prefixFor(name: string): string;
export function pipeLines(input: NodeJS.ReadableStream, name: string, output: NodeJS.WritableStream): void;
export function log(message: string): void;
export function warn(message: string): void;
export class LauncherError extends Error {}
