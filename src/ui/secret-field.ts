/**
 * How a field for a passphrase or an applicationKey is drawn. Firefox's password manager acts on extension pages as on
 * any site: it reads every `type=password` field of a submitted form and offers to save it as a login for
 * moz-extension://… (the vault passphrase, a master applicationKey), and offers generated passwords in fields marked
 * new-password, saving one to the profile when picked. Checked in Firefox ESR 153 with `signon.debug`: creating the
 * vault was handled as a login form submission with the new passphrase as its password. Its capture and fill only
 * ever look at fields that are or were `type=password`, so Firefox gets a text field drawn masked instead (CSS
 * `-webkit-text-security`, Firefox 114+), and copying or cutting it is refused as in a password field. Chrome's
 * password manager does not act on extension pages: there the field stays a password field.
 */
export interface SecretFieldAttrs {
  type: 'password' | 'text';
  autoComplete: string;
  class?: string;
  autoCapitalize?: 'off';
  spellcheck?: false;
  onCopy?: (e: Event) => void;
  onCut?: (e: Event) => void;
}

const refuse = (e: Event) => e.preventDefault();

/** The build's browser; Chrome's in Node tests, which run without the build's define unless they stub it. */
const builtFor = (): 'chrome' | 'firefox' => (typeof __B2KM_BROWSER__ === 'undefined' ? 'chrome' : __B2KM_BROWSER__);

/** `autoComplete`: what Chrome is told ('current-password', 'new-password', 'off'). */
export function secretFieldAttrs(autoComplete: string, browser: 'chrome' | 'firefox' = builtFor()): SecretFieldAttrs {
  if (browser !== 'firefox') return { type: 'password', autoComplete };
  // autocomplete=off also keeps the value out of Firefox's form history, which saves text fields of a submitted form.
  return { type: 'text', autoComplete: 'off', class: 'masked', autoCapitalize: 'off', spellcheck: false, onCopy: refuse, onCut: refuse };
}
