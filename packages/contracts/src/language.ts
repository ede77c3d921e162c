import { z } from 'zod';

/** Languages the platform recognises. Rules exist for a subset; the LLM reads them all. */
export const Language = z.enum([
  'javascript', 'typescript', 'python', 'java', 'go', 'php', 'ruby', 'csharp',
  'c', 'cpp', 'rust', 'kotlin', 'scala', 'swift', 'objective-c', 'dart', 'lua', 'perl', 'r',
  'shell', 'powershell', 'sql', 'html', 'css', 'scss', 'less', 'vue', 'svelte', 'solidity', 'groovy',
  'elixir', 'erlang', 'haskell', 'clojure', 'fsharp', 'visual-basic', 'julia', 'zig', 'nim', 'ocaml',
  'yaml', 'json', 'xml', 'toml', 'properties', 'dockerfile', 'terraform', 'protobuf', 'graphql', 'markdown',
]);
export type Language = z.infer<typeof Language>;
