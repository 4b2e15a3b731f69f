// Types for net.mjs (documented there).
export function tcpAnswers(host: string, port: number, timeoutMs?: number): Promise<boolean>;
export function redisAnswers(host: string, port: number, timeoutMs?: number): Promise<boolean>;
export function postgresAnswers(url: string, timeoutMs?: number): Promise<boolean>;
export function postgresLogin(url: string, timeoutMs?: number): Promise<string | null>;
export function isPortFree(port: number): Promise<boolean>;
export function findFreePort(start: number, attempts?: number): Promise<number>;
export function httpStatus(url: string, timeoutMs?: number): Promise<number>;
