import { TooLargeError, ValidationError, type AppError } from '@xcr/core/errors';

/** Limits on an uploaded archive. Every field has a default; deployments may tighten or relax them. */
export interface ZipLimits {
  /** Entries (files and folders) in the central directory. */
  maxEntries: number;
  /** Uncompressed bytes of all entries together, declared and actually written. */
  maxTotalBytes: number;
  /** Uncompressed-to-compressed ratio of one entry or of the whole archive. */
  maxRatio: number;
  /** Entries (and archives) smaller than this are not ratio-checked: tiny files compress absurdly well and harm no one. */
  ratioMinBytes: number;
  /** Size of the archive itself. */
  maxArchiveBytes: number;
}

/** The product's limits: 10,000 entries, 500 MB uncompressed, ratio 100. */
export const defaultZipLimits: Readonly<ZipLimits> = {
  maxEntries: 10_000,
  maxTotalBytes: 500 * 1024 * 1024,
  maxRatio: 100,
  ratioMinBytes: 1024 * 1024,
  maxArchiveBytes: 500 * 1024 * 1024,
};

/** Why an archive was refused; each is its own error code. */
export type ZipRejection =
  | 'zip_path_traversal'
  | 'zip_absolute_path'
  | 'zip_symlink'
  | 'zip_too_many_entries'
  | 'zip_too_large'
  | 'zip_ratio_exceeded'
  | 'zip_encrypted'
  | 'zip_duplicate_entry'
  | 'zip_invalid';

/** The error for a refused archive: 413 for limits, 422 for unsafe entries, 400 for corrupt archives. */
export function zipError(code: ZipRejection, message: string, cause?: unknown): AppError {
  const options = cause === undefined ? {} : { cause };
  switch (code) {
    case 'zip_too_many_entries':
    case 'zip_too_large':
    case 'zip_ratio_exceeded':
      return new TooLargeError(code, message, options);
    case 'zip_invalid':
      return new ValidationError(code, message, options);
    default:
      return new ValidationError(code, message, { status: 422, ...options });
  }
}

/** What a checked entry name becomes: path segments, and whether it names a folder. */
export interface CheckedEntryName {
  segments: string[];
  isDirectory: boolean;
}

/**
 * Checks one entry name (already decoded, backslashes turned into slashes) and splits it into safe
 * segments. Refuses absolute paths (`/x`, `C:/x`, `//host/x`), `..` anywhere, and NUL bytes. `.` and empty
 * segments are dropped; a name made only of those yields no segments (nothing to extract).
 */
export function checkEntryName(name: string): CheckedEntryName {
  if (name.includes('\0')) throw zipError('zip_invalid', 'An entry name contains a NUL byte');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) {
    throw zipError('zip_absolute_path', 'The archive contains an entry with an absolute path');
  }
  const parts = name.split('/');
  if (parts.includes('..')) throw zipError('zip_path_traversal', 'The archive contains an entry that escapes its folder (..)');
  return { segments: parts.filter((part) => part !== '' && part !== '.'), isDirectory: name.endsWith('/') };
}

/**
 * Records the paths an archive's entries claim and refuses a second claim on a path: two files with one name
 * (`a.js` twice, or `a.js` and `./a.js`), or a file where another entry needs a folder (`a` and `a/b.js`). Tools
 * disagree on which duplicate wins, so the code audited could differ from the code a user unpacks; refusing the
 * archive leaves no doubt which file was read.
 */
export function createPathClaims(): (segments: readonly string[], isDirectory: boolean) => void {
  const files = new Set<string>();
  const folders = new Set<string>();
  const refuse = () => zipError('zip_duplicate_entry', 'The archive holds two entries for the same path');
  return (segments, isDirectory) => {
    if (segments.length === 0) return;
    for (let depth = 1; depth < segments.length; depth++) {
      const folder = segments.slice(0, depth).join('/');
      if (files.has(folder)) throw refuse();
      folders.add(folder);
    }
    const path = segments.join('/');
    if (isDirectory) {
      if (files.has(path)) throw refuse();
      folders.add(path);
      return;
    }
    if (files.has(path) || folders.has(path)) throw refuse();
    files.add(path);
  };
}

/** The Unix file type bits of an entry, from the high half of its external attributes. */
export function isSymlinkMode(externalFileAttributes: number): boolean {
  return ((externalFileAttributes >>> 16) & 0o170000) === 0o120000;
}

/** Whether a size pair breaks the ratio limit (sizes under `ratioMinBytes` never do). */
export function exceedsRatio(uncompressedBytes: number, compressedBytes: number, limits: ZipLimits): boolean {
  if (uncompressedBytes < limits.ratioMinBytes) return false;
  return compressedBytes === 0 || uncompressedBytes / compressedBytes > limits.maxRatio;
}
