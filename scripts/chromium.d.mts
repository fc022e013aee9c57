export const CHROMIUM_ARGS: string[];
export function findChromium(): Promise<string | null>;
export const NO_CHROMIUM: string;
