// Example snippets for instant analysis, each with a weakness the rules find.

/** One example. */
export interface CodeExample {
  key: string;
  language: 'javascript' | 'python' | 'java';
  fileName: string;
  code: string;
}

/** The examples offered. */
export const codeExamples: readonly CodeExample[] = [
  {
    key: 'javascript',
    language: 'javascript',
    fileName: 'calc.js',
    code: `const express = require('express');
const app = express();

app.get('/calc', (req, res) => {
  // evaluates whatever the caller sends
  const result = eval(req.query.expr);
  res.send(String(result));
});

app.listen(3000);
`,
  },
  {
    key: 'python',
    language: 'python',
    fileName: 'users.py',
    code: `import sqlite3
from flask import Flask, request

app = Flask(__name__)

@app.route("/user")
def user():
    name = request.args.get("name")
    conn = sqlite3.connect("app.db")
    cur = conn.cursor()
    cur.execute("SELECT * FROM users WHERE name = '" + name + "'")
    return str(cur.fetchall())
`,
  },
  {
    key: 'java',
    language: 'java',
    fileName: 'Hash.java',
    code: `import java.security.MessageDigest;

public class Hash {
    public static byte[] digest(String password) throws Exception {
        MessageDigest md = MessageDigest.getInstance("MD5");
        return md.digest(password.getBytes());
    }
}
`,
  },
];
