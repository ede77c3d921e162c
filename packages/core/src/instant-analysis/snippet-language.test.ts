import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { guessSnippetLanguage } from './snippet-language.ts';

const samples: Array<[string, string]> = [
  ['python', 'import os\n\ndef run(cmd):\n    if cmd:\n        os.system(cmd)\n'],
  ['javascript', "const exec = require('child_process').exec;\nfunction run(cmd) { exec(cmd); }\n"],
  ['typescript', 'interface User { name: string }\nexport function greet(u: User): string { return u.name; }\n'],
  ['java', 'import java.sql.Statement;\npublic class Dao {\n  public void find(String id) { System.out.println(id); }\n}\n'],
  ['go', 'package main\n\nimport "fmt"\n\nfunc main() {\n  x := 1\n  fmt.Println(x)\n}\n'],
  ['php', '<?php\n$id = $_GET["id"];\necho $id;\n'],
  ['ruby', "require 'json'\ndef greet(name)\n  puts name\nend\n"],
  ['csharp', 'using System;\nnamespace App {\n  class P { static void Main() { Console.WriteLine("x"); } }\n}\n'],
  ['rust', 'fn main() {\n    let mut v = Vec::new();\n    println!("{:?}", v);\n}\n'],
  ['cpp', '#include <iostream>\nint main() { std::cout << "x"; }\n'],
  ['c', '#include <stdio.h>\nint main() { char b[8]; strcpy(b, "x"); printf("%s", b); }\n'],
  ['kotlin', 'data class User(val name: String)\nfun main() { val u = User("a"); println(u) }\n'],
  ['swift', 'import Foundation\nfunc load() { guard let url = URL(string: "x") else { return } }\n'],
  ['sql', "SELECT * FROM users WHERE name = 'x';\n"],
  ['shell', '#!/bin/bash\necho "$HOME"\n'],
];

describe('snippet language guess', () => {
  it('recognises common languages from their content', () => {
    for (const [expected, code] of samples) assert.equal(guessSnippetLanguage(code), expected, code);
  });

  it('guesses nothing from prose or a lone token', () => {
    assert.equal(guessSnippetLanguage('hello world, this is not code'), undefined);
    assert.equal(guessSnippetLanguage('x'), undefined);
  });
});
