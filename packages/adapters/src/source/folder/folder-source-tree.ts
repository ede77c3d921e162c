import { realpath, stat } from 'node:fs/promises';
import { ValidationError } from '@xcr/core/errors';
import type { SourceTree } from '@xcr/core/ports/source-tree';
import { createDirectoryTree } from '../directory-tree.ts';

export interface FolderSourceTreeOptions {
  /** The label for reports (default: the folder path as given). */
  label?: string;
}

/**
 * A `SourceTree` over a local folder (the CLI's `xcr scan <dir>`). Nothing is copied: the tree reads the
 * folder in place, lists symlinks without following them, skips `.git`, and `dispose()` leaves the folder
 * untouched.
 */
export async function createFolderSourceTree(rootDir: string, options: FolderSourceTreeOptions = {}): Promise<SourceTree> {
  let resolved: string;
  try {
    resolved = await realpath(rootDir);
    if (!(await stat(resolved)).isDirectory()) throw new Error('not a directory');
  } catch (error) {
    throw new ValidationError('source_folder_invalid', 'The folder does not exist or is not a directory', { cause: error });
  }
  return createDirectoryTree({ rootDir: resolved, label: options.label ?? rootDir });
}
