// @vitest-environment happy-dom
//
// setFieldValue in Node over happy-dom: that a framework's own `value` property is bypassed (as React's value
// tracker needs), the events a form library listens for arrive in order with the documented shape, and the focus
// ends where it was.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FillableField } from './detect';
import { setFieldValue } from './fill';

function page(html: string): void {
  document.body.innerHTML = html;
}
const $ = <T extends Element = HTMLInputElement>(sel: string) => document.querySelector(sel) as unknown as T;

/** Records the events a page would see on `el`, in order. */
function record(el: Element): { type: string; event: Event }[] {
  const seen: { type: string; event: Event }[] = [];
  for (const type of ['focus', 'input', 'change', 'blur']) el.addEventListener(type, (event) => seen.push({ type, event }));
  return seen;
}

afterEach(() => {
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

/**
 * A document whose window is another realm, as a same-origin frame's is: its own HTMLInputElement and
 * HTMLTextAreaElement prototypes (here: ones that record what goes through their `value` setter, as a page
 * watching its own prototype would) and its own event classes. happy-dom gives every window the same
 * classes, so the frame's window is made by hand.
 */
function frameDocument(opts: { inputEventFails?: boolean } = {}) {
  const writes: string[] = [];
  const frameProto = (base: object) => {
    const real = Object.getOwnPropertyDescriptor(base, 'value')!;
    const proto = Object.create(base) as object;
    Object.defineProperty(proto, 'value', {
      get: real.get,
      set(this: FillableField, v: string) {
        writes.push(v);
        real.set!.call(this, v);
      },
    });
    return proto;
  };
  class FrameEvent extends Event {}
  class FrameInputEvent extends InputEvent {
    constructor(type: string, init?: InputEventInit) {
      if (opts.inputEventFails) throw new TypeError('not constructible here');
      super(type, init);
    }
  }
  const view = {
    HTMLInputElement: { prototype: frameProto(HTMLInputElement.prototype) },
    HTMLTextAreaElement: { prototype: frameProto(HTMLTextAreaElement.prototype) },
    InputEvent: FrameInputEvent,
    Event: FrameEvent,
  };
  const doc = document.implementation.createHTMLDocument('frame');
  Object.defineProperty(doc, 'defaultView', { value: view, configurable: true });
  return { doc, writes, FrameEvent, FrameInputEvent };
}

describe('setFieldValue', () => {
  it('sets the value through the native setter, past a framework property on the element (React value tracker)', () => {
    page('<input id="k">');
    const el = $('#k');
    const proto = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!;
    let trackerWrites = 0;
    // What React does: an own `value` property whose setter records the value as "already known".
    Object.defineProperty(el, 'value', {
      configurable: true,
      get() {
        return proto.get!.call(el) as string;
      },
      set(v: string) {
        trackerWrites++;
        proto.set!.call(el, v);
      },
    });
    expect(setFieldValue(el, 'K005secret')).toBe(true);
    expect(trackerWrites).toBe(0);
    expect(proto.get!.call(el)).toBe('K005secret');
  });

  it('works the same for a textarea', () => {
    page('<textarea id="t"></textarea>');
    const el = $<HTMLTextAreaElement>('#t');
    let own = 0;
    const proto = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!;
    Object.defineProperty(el, 'value', { configurable: true, get: () => proto.get!.call(el) as string, set: (v: string) => { own++; proto.set!.call(el, v); } });
    expect(setFieldValue(el as unknown as FillableField, 'line')).toBe(true);
    expect(own).toBe(0);
    expect(el.value).toBe('line');
  });

  it('sends focus, input, change and blur in that order; input is a bubbling, composed replacement with no copy of the value', () => {
    page('<form id="f"><input id="k"></form>');
    const el = $('#k');
    const seen = record(el);
    const atForm: string[] = [];
    for (const type of ['input', 'change']) $('#f').addEventListener(type, () => atForm.push(type));
    setFieldValue(el, 'abc');
    expect(seen.map((s) => s.type)).toEqual(['focus', 'input', 'change', 'blur']);
    const input = seen[1]!.event as InputEvent;
    expect(input).toBeInstanceOf(InputEvent);
    expect(input).toMatchObject({ bubbles: true, composed: true, cancelable: false, inputType: 'insertReplacementText' });
    // null in browsers, '' in happy-dom: either way not the value.
    expect(input.data || null).toBeNull();
    expect(seen[2]!.event.bubbles).toBe(true);
    // Listeners on the form (event delegation, as React and many libraries use) hear both.
    expect(atForm).toEqual(['input', 'change']);
  });

  it('reports false when the page changes the value back (a masked or read-only-by-script field)', () => {
    page('<input id="k">');
    const el = $('#k');
    el.addEventListener('input', () => (el.value = el.value.toUpperCase()));
    expect(setFieldValue(el, 'abc')).toBe(false);
    expect(setFieldValue(el, 'ABC')).toBe(true);
  });

  it('gives the focus back to the field that had it, unless told not to', () => {
    page('<input id="search"><input id="k"><input id="other">');
    $('#search').focus();
    setFieldValue($('#k'), 'abc');
    expect(document.activeElement).toBe($('#search'));
    $('#search').focus();
    setFieldValue($('#k'), 'abc', { restoreFocus: false });
    expect(document.activeElement).not.toBe($('#search'));
    expect(document.activeElement).not.toBe($('#k'));
  });

  it('does not give the focus back to a field the page removed meanwhile', () => {
    page('<input id="search"><input id="k">');
    const search = $('#search');
    search.focus();
    const k = $('#k');
    k.addEventListener('change', () => search.remove());
    let refocused = 0;
    search.addEventListener('focus', () => refocused++);
    setFieldValue(k, 'abc');
    expect(refocused).toBe(0);
    expect(document.activeElement).not.toBe(search);
  });

  it('leaves a field that already had the focus focused, without blur or focus events', () => {
    page('<input id="k">');
    const el = $('#k');
    el.focus();
    const seen = record(el);
    expect(setFieldValue(el, 'abc')).toBe(true);
    expect(seen.map((s) => s.type)).toEqual(['input', 'change']);
    expect(document.activeElement).toBe(el);
  });

  it('in a document without a window of its own (no defaultView), still uses the native setter and an InputEvent', () => {
    const doc = document.implementation.createHTMLDocument('detached');
    expect(doc.defaultView).toBeNull();
    for (const tag of ['input', 'textarea'] as const) {
      const el = doc.createElement(tag);
      doc.body.append(el);
      const proto = Object.getOwnPropertyDescriptor(tag === 'input' ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype, 'value')!;
      let own = 0;
      Object.defineProperty(el, 'value', { configurable: true, get: () => proto.get!.call(el) as string, set: (v: string) => { own++; proto.set!.call(el, v); } });
      const seen = record(el);
      expect(setFieldValue(el as unknown as FillableField, 'abc'), tag).toBe(true);
      expect(own, tag).toBe(0);
      expect(seen.find((s) => s.type === 'input')?.event, tag).toBeInstanceOf(InputEvent);
    }
  });

  it('never scrolls the page: every focus it gives asks for no scrolling (the effect needs layout, so the request is checked)', () => {
    page('<input id="search"><input id="k">');
    $('#search').focus();
    const calls: unknown[] = [];
    const focus = HTMLElement.prototype.focus;
    HTMLElement.prototype.focus = function (this: HTMLElement, options?: FocusOptions) {
      calls.push(options);
      focus.call(this, options);
    };
    try {
      setFieldValue($('#k'), 'abc');
    } finally {
      HTMLElement.prototype.focus = focus;
    }
    expect(calls).toEqual([{ preventScroll: true }, { preventScroll: true }]);
    expect(document.activeElement).toBe($('#search'));
  });

  it('in another window (a same-origin frame), uses that window\'s own setter and event classes', () => {
    for (const tag of ['input', 'textarea'] as const) {
      const { doc, writes, FrameEvent, FrameInputEvent } = frameDocument();
      const el = doc.createElement(tag);
      doc.body.append(el);
      const seen = record(el);
      expect(setFieldValue(el as unknown as FillableField, 'K005', { restoreFocus: false }), tag).toBe(true);
      expect(writes, tag).toEqual(['K005']);
      const input = seen.find((s) => s.type === 'input')!.event;
      expect(input, tag).toBeInstanceOf(FrameInputEvent);
      expect((input as InputEvent).inputType, tag).toBe('insertReplacementText');
      expect(seen.find((s) => s.type === 'change')!.event, tag).toBeInstanceOf(FrameEvent);
    }
  });

  it('sends a plain bubbling input event where no InputEvent can be made', () => {
    const { doc, FrameEvent } = frameDocument({ inputEventFails: true });
    const el = doc.createElement('input');
    doc.body.append(el);
    const seen = record(el);
    expect(setFieldValue(el as unknown as FillableField, 'K005')).toBe(true);
    const input = seen.find((s) => s.type === 'input')!.event;
    expect(input).toBeInstanceOf(FrameEvent);
    expect(input).not.toBeInstanceOf(InputEvent);
    expect([input.bubbles, input.composed]).toEqual([true, true]);
    // A document without a window, in a runtime without InputEvent: the global Event.
    const detached = document.implementation.createHTMLDocument('detached');
    const field = detached.createElement('input');
    detached.body.append(field);
    const events = record(field);
    vi.stubGlobal('InputEvent', undefined);
    expect(setFieldValue(field as unknown as FillableField, 'K005')).toBe(true);
    vi.unstubAllGlobals();
    const plain = events.find((s) => s.type === 'input')!.event;
    expect(plain).toBeInstanceOf(Event);
    expect(plain).not.toBeInstanceOf(InputEvent);
    expect([plain.type, plain.bubbles]).toEqual(['input', true]);
  });

  it('with nothing focused before, gives the focus to nothing but the field', () => {
    page('<input id="k">');
    const focused: Element[] = [];
    document.addEventListener('focus', (e) => focused.push(e.target as Element), true);
    expect(setFieldValue($('#k'), 'abc')).toBe(true);
    expect(focused).toEqual([$('#k')]);
  });
});
