/**
 * A tree of source files to audit, however it arrived (local folder, extracted ZIP, Git clone). Paths are
 * relative, with `/` separators, and never leave the tree.
 */
export interface SourceEntry {
  path: string;
  sizeBytes: number;
  /** True for symbolic links, which are never followed. */
  isSymlink: boolean;
}

export interface SourceTree {
  /** A label for reports: folder path, archive name or repository URL (without credentials). */
  readonly label: string;
  /** The commit, when the tree is a Git checkout. */
  readonly commit?: string;
  /** Every regular file and symlink in the tree, in a stable order. */
  list(signal?: AbortSignal): Promise<SourceEntry[]>;
  /** Reads up to `maxBytes` of a file. */
  read(path: string, maxBytes?: number): Promise<Buffer>;
  /** Removes whatever the tree left on disk (temporary extraction or clone). */
  dispose(): Promise<void>;
}
