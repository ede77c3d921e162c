import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Language } from '@xcr/contracts';
import { detectLanguage, extensionOf, languageFromShebang } from './detect-language.ts';

const byPath: ReadonlyArray<readonly [string, Language | undefined]> = [
  ['src/app.js', 'javascript'],
  ['src/app.mjs', 'javascript'],
  ['src/App.JSX', 'javascript'],
  ['src/app.ts', 'typescript'],
  ['src/view.tsx', 'typescript'],
  ['pkg/mod.py', 'python'],
  ['stubs/mod.pyi', 'python'],
  ['src/Main.java', 'java'],
  ['cmd/main.go', 'go'],
  ['web/index.php', 'php'],
  ['lib/app.rb', 'ruby'],
  ['Gemfile', 'ruby'],
  ['Rakefile', 'ruby'],
  ['src/Program.cs', 'csharp'],
  ['src/main.c', 'c'],
  ['include/util.h', 'c'],
  ['src/main.cpp', 'cpp'],
  ['src/main.cc', 'cpp'],
  ['include/util.hpp', 'cpp'],
  ['src/main.rs', 'rust'],
  ['app/Main.kt', 'kotlin'],
  ['build.gradle.kts', 'kotlin'],
  ['src/Main.scala', 'scala'],
  ['Sources/App.swift', 'swift'],
  ['Classes/View.m', 'objective-c'],
  ['Classes/View.mm', 'objective-c'],
  ['lib/main.dart', 'dart'],
  ['scripts/init.lua', 'lua'],
  ['bin/tool.pl', 'perl'],
  ['lib/Mod.pm', 'perl'],
  ['analysis/model.R', 'r'],
  ['scripts/run.sh', 'shell'],
  ['scripts/run.bash', 'shell'],
  ['scripts/setup.ps1', 'powershell'],
  ['db/schema.sql', 'sql'],
  ['public/index.html', 'html'],
  ['styles/site.css', 'css'],
  ['styles/site.scss', 'scss'],
  ['styles/site.less', 'less'],
  ['src/App.vue', 'vue'],
  ['src/App.svelte', 'svelte'],
  ['contracts/Token.sol', 'solidity'],
  ['build.gradle', 'groovy'],
  ['Jenkinsfile', 'groovy'],
  ['lib/app.ex', 'elixir'],
  ['test/app_test.exs', 'elixir'],
  ['src/app.erl', 'erlang'],
  ['src/Main.hs', 'haskell'],
  ['src/core.clj', 'clojure'],
  ['src/Lib.fs', 'fsharp'],
  ['src/Module.vb', 'visual-basic'],
  ['src/main.jl', 'julia'],
  ['src/main.zig', 'zig'],
  ['src/main.nim', 'nim'],
  ['bin/main.ml', 'ocaml'],
  ['.github/workflows/ci.yml', 'yaml'],
  ['config/app.yaml', 'yaml'],
  ['package.json', 'json'],
  ['pom.xml', 'xml'],
  ['Cargo.toml', 'toml'],
  ['src/main/resources/application.properties', 'properties'],
  ['Dockerfile', 'dockerfile'],
  ['docker/Dockerfile.prod', 'dockerfile'],
  ['docker/app.dockerfile', 'dockerfile'],
  ['infra/main.tf', 'terraform'],
  ['api/service.proto', 'protobuf'],
  ['api/schema.graphql', 'graphql'],
  ['README.md', 'markdown'],
  ['.eslintrc.js', 'javascript'],
  ['.bashrc', 'shell'],
  // Honest gaps: no language of ours describes these.
  ['Makefile', undefined],
  ['LICENSE', undefined],
  ['notes.txt', undefined],
  ['.gitignore', undefined],
  ['image.png', undefined],
  ['CMakeLists.txt', undefined],
];

describe('detectLanguage by path', () => {
  for (const [path, expected] of byPath) {
    it(`${path} -> ${expected ?? 'none'}`, () => {
      assert.equal(detectLanguage(path), expected);
    });
  }

  it('covers at least 30 distinct languages', () => {
    const languages = new Set(byPath.map(([, language]) => language).filter((language) => language !== undefined));
    assert.ok(languages.size >= 30, `only ${languages.size}`);
    for (const language of languages) assert.ok(Language.options.includes(language));
  });
});

describe('detectLanguage from content', () => {
  const cases: ReadonlyArray<readonly [string, string, Language | undefined]> = [
    ['bin/deploy', '#!/bin/bash\nset -e\n', 'shell'],
    ['bin/deploy', '#!/bin/sh\n', 'shell'],
    ['bin/tool', '#!/usr/bin/env python3\nimport sys\n', 'python'],
    ['bin/tool', '#!/usr/bin/python3.11\n', 'python'],
    ['bin/tool', '#!/usr/bin/env node\nconsole.log(1)\n', 'javascript'],
    ['bin/tool', '#!/usr/bin/env -S deno run --allow-net\n', 'typescript'],
    ['bin/tool', '#!/usr/bin/env NODE_ENV=production node\n', 'javascript'],
    ['bin/tool', '#!/usr/bin/env ruby\n', 'ruby'],
    ['bin/tool', '#!/usr/bin/perl -w\n', 'perl'],
    ['bin/tool', '#!/usr/bin/env pwsh\n', 'powershell'],
    ['bin/tool', '#!/usr/bin/env Rscript\n', 'r'],
    ['bin/tool', '#!/usr/bin/env unknown-thing\n', undefined],
    ['bin/tool', 'just text\n', undefined],
    ['web/router', '<?php echo 1;', 'php'],
    // A shebang never overrides an extension that says otherwise.
    ['notes.txt', '#!/bin/sh\n', undefined],
    ['include/vec.h', '#pragma once\nnamespace geo {\n', 'cpp'],
    ['include/vec.h', '#pragma once\ntemplate <typename T> struct V;\n', 'cpp'],
    ['include/vec.h', '#ifndef VEC_H\nstruct vec { int x; };\n', 'c'],
  ];
  for (const [path, head, expected] of cases) {
    it(`${path} with ${JSON.stringify(head.slice(0, 30))} -> ${expected ?? 'none'}`, () => {
      assert.equal(detectLanguage(path, head), expected);
    });
  }
});

describe('helpers', () => {
  it('extensionOf treats a leading dot as hidden, not as an extension', () => {
    assert.equal(extensionOf('.bashrc'), undefined);
    assert.equal(extensionOf('.eslintrc.js'), 'js');
    assert.equal(extensionOf('Makefile'), undefined);
    assert.equal(extensionOf('trailing.'), undefined);
    assert.equal(extensionOf('A.TS'), 'ts');
  });

  it('languageFromShebang ignores content without #!', () => {
    assert.equal(languageFromShebang('python'), undefined);
    assert.equal(languageFromShebang('#!'), undefined);
  });
});
