import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkPassword } from './password-policy.ts';

describe('core/auth/password-policy', () => {
  const identity = { username: 'alice_dev', email: 'Alice.Smith@example.com' };
  const cases: Array<[string, string[]]> = [
    ['correct horse battery', []],
    ['lowercase only but long enough', []],
    ['密码是一句很长的中文句子', []],
    ['Sh0rt!pass', ['too_short']],
    ['x'.repeat(129), ['too_long', 'too_few_distinct_characters']],
    ['password1234', ['common']],
    ['PASSWORD1234', ['common']],
    ['Password2024!!', ['common']],
    ['!!1qaz2wsx3edc', ['common']],
    ['qwertyuiop12', ['common']],
    ['alice_dev', ['too_short', 'contains_identity']],
    ['ALICE_DEV2024!', ['contains_identity']],
    ['alice.smith@example.com', ['contains_identity']],
    ['alice.smith#1234', ['contains_identity']],
    ['2024-alice_dev-2024', ['contains_identity']],
    ['alice_dev is my favourite', []],
    ['aaaaaaaaaaaaaaaa', ['too_few_distinct_characters']],
    ['123412341234', ['too_few_distinct_characters']],
  ];
  for (const [password, expected] of cases) {
    it(`${JSON.stringify(password.length > 30 ? `${password.slice(0, 10)}...` : password)} -> ${expected.join(', ') || 'accepted'}`, () => {
      assert.deepEqual(checkPassword(password, identity), expected);
    });
  }

  it('counts characters, not UTF-16 units', () => {
    assert.deepEqual(checkPassword('😀😁😂🤣😃😄', {}), ['too_short']);
  });
});
