// @vitest-environment happy-dom
//
// The Create New Key form's bucket picker (RPC stood in by vi.mock, as CreateKeyForm.dom.test.tsx does):
//  A. a restored draft holding a bucket the list no longer holds (deleted in the B2 console meanwhile) would send
//     a bucket nobody can see or untick: it leaves the choice, and the form says so;
//  B. the picker of a form opened for account a1 lists a1's buckets, also once another page made b2 active.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CreateKeyForm } from './CreateKeyForm';
import { writeDraft } from './create-draft';
import { INITIAL_CREATE_FORM } from './createForm';
import { RpcError } from '../rpc/errors';

const sent: { method: string; params: Record<string, unknown> }[] = [];
/** The background's active account, as the stand-in answers listBuckets for it when no account is named. */
let active = 'a1';
const BUCKETS: Record<string, { bucketId: string; bucketName: string; bucketType: string }[]> = {
  a1: [{ bucketId: 'a1-photos', bucketName: 'a1-photos', bucketType: 'allPrivate' }],
  b2: [{ bucketId: 'b2-logs', bucketName: 'b2-logs', bucketType: 'allPrivate' }],
};

vi.mock('../rpc/client', () => ({
  rpc: async (method: string, params: Record<string, unknown>) => {
    sent.push({ method, params });
    if (method === 'listBuckets') return { buckets: BUCKETS[(params['accountId'] as string | undefined) ?? active] };
    if (method === 'createKey') {
      const ids = (params['bucketIds'] as string[] | null) ?? [];
      const bad = ids.find((id) => !BUCKETS[(params['accountId'] as string) ?? active]!.some((b) => b.bucketId === id));
      if (bad) {
        const message = `B2 refused this: “Invalid bucketId: ${bad}”. Change it and try again; nothing was created.`;
        throw new RpcError('B2', message, { fields: { bucketIds: message } });
      }
      throw new RpcError('B2', 'other');
    }
    throw new Error(`unexpected ${method}`);
  },
}));

let root: HTMLElement;
beforeEach(() => {
  localStorage.clear();
  sent.length = 0;
  active = 'a1';
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const settle = async () => {
  for (let i = 0; i < 8; i++) await act(async () => undefined);
};
const shownBuckets = () => [...root.querySelectorAll<HTMLInputElement>('[data-bucket-choice]')].map((i) => i.id.replace(/^.*-b-/, ''));
const checkedBuckets = () => [...root.querySelectorAll<HTMLInputElement>('[data-bucket-choice]')].filter((i) => i.checked).map((i) => i.id.replace(/^.*-b-/, ''));

function ui(accountId: string, locked = false) {
  return <CreateKeyForm account={null} accountId={accountId} locked={locked} onLocked={() => undefined} onCancel={() => undefined} onCreated={() => undefined} onListChanged={() => undefined} />;
}

describe('A. a draft bucket no longer listed', () => {
  it('leaves the choice, said beside the list, and is never sent', async () => {
    writeDraft(localStorage, 'a1', { ...INITIAL_CREATE_FORM, keyName: 'nas', bucketMode: 'some', bucketIds: ['gone-bucket', 'a1-photos'] }, Date.now());
    await act(async () => render(ui('a1'), root));
    await settle();
    expect([shownBuckets(), checkedBuckets()]).toEqual([['a1-photos'], ['a1-photos']]);
    expect(root.querySelector('[data-testid="buckets-gone"]')?.textContent).toBe(
      'The bucket gone-bucket chosen before is no longer in this account’s list (deleted in B2?), so it was taken out of the choice.',
    );
    await act(async () => {
      root.querySelector<HTMLFormElement>('[data-testid="create-form"]')!.requestSubmit();
    });
    await settle();
    expect(sent.find((s) => s.method === 'createKey')?.params['bucketIds']).toEqual(['a1-photos']);
  });

  it('with every chosen bucket gone, nothing is sent and the form asks for a bucket', async () => {
    writeDraft(localStorage, 'a1', { ...INITIAL_CREATE_FORM, keyName: 'nas', bucketMode: 'some', bucketIds: ['gone-1', 'gone-2'] }, Date.now());
    await act(async () => render(ui('a1'), root));
    await settle();
    expect(root.querySelector('[data-testid="buckets-gone"]')?.textContent).toMatch(/^2 buckets chosen before are no longer in/);
    await act(async () => {
      root.querySelector<HTMLFormElement>('[data-testid="create-form"]')!.requestSubmit();
    });
    await settle();
    expect(sent.some((s) => s.method === 'createKey')).toBe(false);
    expect(root.querySelector('.error')?.textContent).toBe('Choose at least one bucket, or choose All.');
  });
});

describe('B. the picker of a form opened for a1', () => {
  it('lists a1’s buckets even when b2 became active while the vault was locked', async () => {
    await act(async () => render(ui('a1', true), root));
    await settle();
    // On the options page the person made b2 active; then unlocked in this popup.
    active = 'b2';
    await act(async () => render(ui('b2', false), root));
    await settle();
    // Open the picker.
    await act(async () => {
      const some = root.querySelectorAll<HTMLInputElement>('input[name="bucketMode"]')[1]!;
      some.click();
    });
    await settle();
    expect(root.querySelector('[data-testid="create-account-moved"]')).not.toBeNull();
    expect(shownBuckets()).toEqual(['a1-photos']);
    expect(sent.filter((s) => s.method === 'listBuckets').every((s) => s.params['accountId'] === 'a1')).toBe(true);
  });
});
