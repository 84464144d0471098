// @vitest-environment happy-dom
//
// Firefox's password manager reads `type=password` fields on extension pages (secret-field.ts): in the Firefox build
// no passphrase or applicationKey field is one; in Chrome's they stay password fields.
import { render } from 'preact';
import { afterEach, expect, it, vi } from 'vitest';
import { TextField } from './Field';
import { NewPassphraseFields } from './NewPassphraseFields';
import { secretFieldAttrs } from './secret-field';

afterEach(() => vi.unstubAllGlobals());

function draw(): HTMLElement {
  const root = document.createElement('div');
  render(
    <>
      <TextField label="Passphrase" type="password" value="" onValue={() => undefined} autoComplete="current-password" testId="pass" mono />
      <TextField label="Name" value="" onValue={() => undefined} testId="name" />
      <NewPassphraseFields value={{ passphrase: '', confirm: '' }} onChange={() => undefined} errors={{}} />
    </>,
    root,
  );
  return root;
}
const secretInputs = (root: HTMLElement) => ['pass', 'new-passphrase', 'confirm-passphrase'].map((id) => root.querySelector<HTMLInputElement>(`[data-testid="${id}"]`)!);

it('Firefox: passphrase fields are masked text fields, kept out of form history, whose text cannot be copied or cut', () => {
  vi.stubGlobal('__B2KM_BROWSER__', 'firefox');
  const root = draw();
  expect(root.querySelectorAll('input[type="password"]')).toHaveLength(0);
  for (const input of secretInputs(root)) {
    expect([input.type, input.getAttribute('autocomplete'), input.classList.contains('masked')]).toEqual(['text', 'off', true]);
    for (const kind of ['copy', 'cut']) {
      const e = new Event(kind, { bubbles: true, cancelable: true });
      input.dispatchEvent(e);
      expect(e.defaultPrevented).toBe(true);
    }
  }
  expect(secretInputs(root)[0]!.classList.contains('mono')).toBe(true);
  expect(root.querySelector<HTMLInputElement>('[data-testid="name"]')!.classList.contains('masked')).toBe(false);
});

it('Chrome: they stay password fields with their autocomplete hints', () => {
  vi.stubGlobal('__B2KM_BROWSER__', 'chrome');
  const root = draw();
  expect(secretInputs(root).map((i) => [i.type, i.getAttribute('autocomplete'), i.classList.contains('masked')])).toEqual([
    ['password', 'current-password', false],
    ['password', 'new-password', false],
    ['password', 'new-password', false],
  ]);
  expect(secretFieldAttrs('off')).toEqual({ type: 'password', autoComplete: 'off' });
});
