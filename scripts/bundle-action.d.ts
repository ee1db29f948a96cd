export declare const OUT_DIR: string;
/** The files of dist-action/, by name, as strings. */
export declare function bundleAction(): Promise<Record<string, string>>;
