// Intakes that turn what a user points at (a local folder, an uploaded ZIP, a Git URL) into a SourceTree.
export { createFolderSourceTree, type FolderSourceTreeOptions } from './folder/folder-source-tree.ts';
export { extractZipToSourceTree, type ZipSourceTreeOptions } from './zip/zip-source-tree.ts';
export { defaultZipLimits, type ZipLimits, type ZipRejection } from './zip/zip-rules.ts';
export { cloneGitSourceTree, type GitSourceTreeOptions } from './git/git-source-tree.ts';
export { checkGitUrl, isBlockedAddress, type GitScheme, type LookupAll } from './git/git-url-guard.ts';
