// Setting a field's value so that framework-controlled forms (React 16+, Preact, Vue, Angular, Svelte,
// plain listeners) all keep it.
//
// React keeps a "value tracker" on each input instance: assigning `el.value = x` goes through React's own
// instance property, updates the tracker, and React then ignores the following `input` event as "no
// change". Calling the *prototype's* native setter bypasses the tracker, so React sees the new value on
// `input`. Vue's v-model and Angular's DefaultValueAccessor read `target.value` on `input`; `v-model.lazy`
// and plain listeners use `change`; Angular `updateOn: 'blur'` and touched state need `blur`.
//
// Order: focus → native set → input → change → blur, then the focus goes back where it was.

import type { FillableField } from './detect';

function nativeValueSetter(el: FillableField): ((this: FillableField, v: string) => void) | undefined {
  // Use the element's own realm (it may sit in a same-origin iframe), never `instanceof`.
  const view = el.ownerDocument.defaultView;
  const proto: object | undefined =
    el.localName === 'textarea' ? view?.HTMLTextAreaElement.prototype : view?.HTMLInputElement.prototype;
  const fallback = el.localName === 'textarea' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  const descriptor =
    (proto ? Object.getOwnPropertyDescriptor(proto, 'value') : undefined) ??
    Object.getOwnPropertyDescriptor(fallback, 'value');
  return descriptor?.set as ((this: FillableField, v: string) => void) | undefined;
}

function makeInputEvent(el: FillableField): Event {
  const view = el.ownerDocument.defaultView;
  const init = { bubbles: true, composed: true, cancelable: false };
  const InputEventCtor = view?.InputEvent ?? (typeof InputEvent === 'function' ? InputEvent : undefined);
  if (InputEventCtor) {
    try {
      // No `data`: the value needs no second copy in the event; listeners read target.value.
      return new InputEventCtor('input', { ...init, inputType: 'insertReplacementText' });
    } catch {
      // Fall through to a plain Event.
    }
  }
  const EventCtor = view?.Event ?? Event;
  return new EventCtor('input', init);
}

function focusWithoutScroll(el: HTMLElement | SVGElement | Element): void {
  if ('focus' in el && typeof el.focus === 'function') {
    try {
      (el as HTMLElement).focus({ preventScroll: true });
    } catch {
      // Some elements refuse focus; nothing to do.
    }
  }
}

/**
 * Put `value` into `el` the way a user's typing would end up: native setter, `input` and `change` events,
 * focus and blur. Returns whether the field holds the value afterwards.
 *
 * `restoreFocus` (default true) gives the focus back to the element that had it before, if that was
 * another element; when `el` itself had the focus it keeps it.
 */
export function setFieldValue(el: FillableField, value: string, opts: { restoreFocus?: boolean } = {}): boolean {
  const doc = el.ownerDocument;
  const previous = doc.activeElement;
  const hadFocus = previous === el || el.matches(':focus');

  if (!hadFocus) focusWithoutScroll(el);

  const setter = nativeValueSetter(el);
  if (setter) setter.call(el, value);
  else el.value = value;

  el.dispatchEvent(makeInputEvent(el));
  const EventCtor = doc.defaultView?.Event ?? Event;
  el.dispatchEvent(new EventCtor('change', { bubbles: true }));

  if (!hadFocus) {
    el.blur();
    if ((opts.restoreFocus ?? true) && previous && previous !== doc.body && previous !== el && previous.isConnected) {
      focusWithoutScroll(previous);
    }
  }
  return el.value === value;
}
