/**
 * A key change a page sends names the account it showed (src/rpc/protocol.ts `keyAccount`): without it the
 * background acts in whichever account is active by then, and another page can have changed that. The field is
 * optional in the RPC table (tests and older callers), so this checks every call in the pages' sources.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');
const METHODS = ['createKey', 'deleteKey', 'saveSecret', 'rotateKey', 'listBuckets'];

function pageSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return pageSources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('pages name the account of every key change they send', () => {
  const calls = ['popup', 'options', 'ui'].flatMap((d) => pageSources(join(SRC, d))).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(new RegExp(`rpc\\('(${METHODS.join('|')})'`, 'g'))].map((m) => {
      // The call's arguments: up to the parenthesis that closes rpc(.
      let depth = 0;
      let end = m.index + 'rpc'.length;
      for (; end < text.length; end++) {
        if (text[end] === '(') depth++;
        else if (text[end] === ')' && --depth === 0) break;
      }
      return { where: `${relative(SRC, file)} ${m[1]}`, args: text.slice(m.index, end) };
    });
  });

  it('finds the calls (each method is sent by some page)', () => {
    expect(new Set(calls.map((c) => c.where.split(' ')[1]))).toEqual(new Set(METHODS));
  });

  it.each(calls.map((c) => [c.where, c.args]))('%s sends accountId', (_where, args) => {
    expect(args).toMatch(/\baccountId\b/);
  });
});
