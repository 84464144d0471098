import { describe, expect, it } from 'vitest';
import { isMutable } from './mutate';

describe('npm run mutate --since: which changed files are mutated', () => {
  it('takes source files of the six folders and nothing else', () => {
    for (const f of ['src/rpc/router.ts', 'src/vault/vault.ts', 'src/storage/store.ts', 'src/background/service.ts', 'src/b2/client.ts', 'src/autofill/detect.ts']) expect(isMutable(f), f).toBe(true);
    for (const f of ['src/rpc/router.test.ts', 'src/autofill/detect.dom.test.ts', 'src/b2/test-support.ts', 'src/vault/test-helpers.ts', 'src/popup/createForm.ts', 'src/common/endpoint.ts', 'src/env.d.ts', 'test/helpers/rpc.ts', 'src/rpc/README.md', 'src/rpcx/a.ts']) {
      expect(isMutable(f), f).toBe(false);
    }
  });
});
