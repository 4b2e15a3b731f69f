// Types for fingerprint.mjs (documented there).
export const BUILD_INPUTS: readonly string[];
export const FINGERPRINT_FILE: '.next/pulseboard-build-fingerprint';
export function computeFingerprint(root: string, inputs?: readonly string[]): string;
export function buildNeeded(root: string, fingerprint?: string): 'missing' | 'changed' | null;
export function readStoredFingerprint(root: string): string | null;
export function saveFingerprint(root: string, fingerprint: string): void;
