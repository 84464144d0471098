// Finding the B2 keyID and secret (applicationKey) fields of a page. Pure DOM logic: it takes a Document,
// touches no extension API and changes nothing in the page.
//
// Every text-like <input> and <textarea> (also inside open shadow roots and same-origin frames) becomes a
// candidate. Each piece of text that describes it (name, id, autocomplete, labels, aria-label(ledby),
// placeholder, title, nearby text) is scored by score.ts and weighed by its source; then penalties for
// search boxes, unusable fields (disabled, read-only) and site-login tokens apply. A field is chosen for a
// role only above THRESHOLD and only if that role beats the other one for it, so the keyID and the secret
// field are never the same element. A field a person cannot see (visibility.ts) is never chosen, whatever
// it scores: a hidden copy of a real form is how a page would take a secret unnoticed.

import { foldText, KEY_ID_TAGS, KEY_WORD_TAGS, normalizeText, scoreTextDetailed, SECRET_WORD_TAGS, UNCAPPED_DECOY_HITS, type CredentialRole } from './score';
import { coveredBy, hiddenByStyle, whyHidden } from './visibility';

export type FillableField = HTMLInputElement | HTMLTextAreaElement;

export interface Candidate {
  el: FillableField;
  keyIdScore: number;
  secretScore: number;
  reasons: string[];
  /** Why a person cannot see the field, or null. Such a field is never chosen. */
  hidden: string | null;
  /** Per role: named by more than a generic word ("Secret", "Key"). A generic field is chosen only beside the other role's field. */
  specific: Record<CredentialRole, boolean>;
  /** The storage provider the field's section names ('b2', 'other'), a service that stores no files ('notStorage'), or null. */
  provider: 'b2' | 'other' | 'notStorage' | null;
  /** Named by nothing but the word "key" (in some language), with no word against it. */
  keyWordOnly: boolean;
  /** Its visible label (not only its markup) says "Secret" (in some language). */
  secretWordShown: boolean;
  /** Named by nothing but "access key" (S3's word for the keyID, too loose alone to pass the threshold). */
  accessKeyOnly: boolean;
  /** Its own label is only "ID": an identifier, never a secret, whatever the help beside it mentions. */
  idLabelOnly: boolean;
  /** Read as the keyID by "account ID" alone (a site's own account number reads the same). */
  accountIdOnly: boolean;
  /** Hidden by style, disabled or read-only: the higher of its two scores before it lost points for that; else null. */
  scoreIfUsable: number | null;
}

export interface DetectionResult {
  keyId: FillableField | null;
  secret: FillableField | null;
  candidates: Candidate[];
}

export interface DetectOptions {
  /** The element that has the focus (or was right-clicked); it wins ties. */
  focused?: Element | null;
  /** Look into same-origin <iframe>/<frame> documents too (default true). Cross-origin ones are never readable. */
  includeSameOriginFrames?: boolean;
  /** Look into open shadow roots (default true). */
  includeShadowRoots?: boolean;
  /**
   * How a field's visibility is judged (default: visibility.ts, which needs a real layout engine). A DOM
   * without layout (happy-dom, jsdom in Node tests) passes its own, e.g. one that sees every field.
   */
  visibility?: VisibilityCheck;
}

export interface VisibilityCheck {
  /** Why styles hide the field from a person, or null (visibility.ts hiddenByStyle). */
  hiddenByStyle(el: Element): string | null;
  /** What covers the field at its centre, or null (visibility.ts coveredBy). */
  coveredBy(el: Element): string | null;
  /**
   * Where an element is drawn (getBoundingClientRect), for labels that only their place ties to a field. Absent
   * in a DOM without layout: those labels are then not read.
   */
  box?(el: Element): Box | null;
}

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const BROWSER_VISIBILITY: VisibilityCheck = { hiddenByStyle, coveredBy, box: (el) => el.getBoundingClientRect() };

/** Least score for a field to be chosen for a role. */
export const THRESHOLD = 6;

/** Input types that can hold a keyID or secret at all. The rest (hidden, checkbox, number, …) never qualify. */
const TEXT_TYPES = new Set(['', 'text', 'password', 'search', 'email', 'url', 'tel']);
/** Penalised types: they exist for other data. */
const TYPE_PENALTY: Record<string, number> = { search: 30, email: 8, url: 8, tel: 8 };

const UNUSABLE = 50;
const SEARCH_CONTEXT = 30;
const SITE_LOGIN_AUTOCOMPLETE = 4;
const NOT_A_KEY = 30;
/** The fewest characters a keyID has (a master key's, the account ID: 12); an applicationKey has more. */
const SHORTEST_KEY = 12;
const FOCUS_BONUS = 2;
const PASSWORD_BONUS = 3;
const MAX_FRAME_DEPTH = 3;
const MAX_NEARBY_LEVELS = 3;
const OTHER_PROVIDER_PENALTY = 10;
const B2_SECTION_BONUS = 2;

interface Source {
  kind: string;
  weight: number;
}

const SOURCES = {
  name: { kind: 'name', weight: 1 },
  id: { kind: 'id', weight: 1 },
  formControl: { kind: 'formcontrolname', weight: 1 },
  autocomplete: { kind: 'autocomplete', weight: 0.6 },
  label: { kind: 'label', weight: 1.2 },
  ariaLabel: { kind: 'aria-label', weight: 1.2 },
  ariaLabelledby: { kind: 'aria-labelledby', weight: 1.2 },
  placeholder: { kind: 'placeholder', weight: 1 },
  title: { kind: 'title', weight: 0.9 },
  nearby: { kind: 'nearby text', weight: 0.9 },
  column: { kind: 'column header', weight: 1 },
  description: { kind: 'aria-describedby', weight: 0.4 },
  describedTerm: { kind: 'term its description explains', weight: 0.9 },
  rowHelp: { kind: 'help in its row', weight: 0.4 },
} satisfies Record<string, Source>;

/** True for elements this module can fill: text-like inputs and textareas (any realm: no instanceof). */
export function isTextField(el: Element | null | undefined): el is FillableField {
  if (!el) return false;
  if (el.localName === 'textarea') return true;
  if (el.localName !== 'input') return false;
  // The `type` property, not the attribute: browsers read unknown types ("type=foo") as text.
  return TEXT_TYPES.has(fieldType(el as HTMLInputElement));
}

/** Normalised type of a field: 'textarea' for textareas, else the input's `type` property. */
function fieldType(el: FillableField): string {
  return el.localName === 'textarea' ? 'textarea' : String((el as HTMLInputElement).type ?? '').toLowerCase();
}

/** A text field the user could type into: not disabled, not read-only. */
export function isEditable(el: FillableField): boolean {
  return !el.disabled && !el.readOnly && !el.closest('fieldset[disabled]');
}

/** The element that really has the focus, through open shadow roots and same-origin frames. */
export function deepActiveElement(doc: Document): Element | null {
  let active: Element | null = doc.activeElement;
  for (let guard = 0; active && guard < 20; guard++) {
    const inner: Element | null | undefined = active.shadowRoot?.activeElement;
    if (inner) {
      active = inner;
      continue;
    }
    if (active.localName === 'iframe' || active.localName === 'frame') {
      const child = frameDocument(active);
      if (child?.activeElement && child.activeElement !== child.body) {
        active = child.activeElement;
        continue;
      }
    }
    break;
  }
  return active;
}

function frameDocument(frame: Element): Document | null {
  try {
    return (frame as HTMLIFrameElement).contentDocument ?? null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------
// Collecting candidates

type Root = Document | ShadowRoot;

function collectFields(root: Root, opts: Required<Omit<DetectOptions, 'focused' | 'visibility'>>, depth: number, out: FillableField[]): void {
  for (const el of Array.from(root.querySelectorAll('input, textarea'))) {
    if (isTextField(el)) out.push(el);
  }
  if (opts.includeShadowRoots) {
    for (const host of Array.from(root.querySelectorAll('*'))) {
      if (host.shadowRoot) collectFields(host.shadowRoot, opts, depth, out);
    }
  }
  if (opts.includeSameOriginFrames && depth < MAX_FRAME_DEPTH) {
    for (const frame of Array.from(root.querySelectorAll('iframe, frame'))) {
      if (whyHidden(frame) !== null) continue;
      const child = frameDocument(frame);
      if (child) collectFields(child, opts, depth + 1, out);
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Texts describing a field

const SKIP_TEXT_OF = new Set(['script', 'style', 'template', 'select', 'textarea', 'input', 'button', 'noscript', 'svg']);
/**
 * Inline elements that may mark one letter inside a word: a desktop-style dialog's access key (`<u>T</u>ajny
 * klucz`, "Numer po<u>r</u>tu"), a drop cap. Such a letter joins the text around it instead of being set apart
 * like other elements (which keeps a badge's "required" off the word before it, and "ID" off "Key" in
 * `<span>Key</span><span>ID</span>`).
 */
const LETTER_MARKS = new Set(['u', 'b', 'i', 'em', 'strong', 'span', 'mark', 'small', 'font', 'abbr', 'kbd', 'ins', 's']);
const isLetterMark = (el: Element): boolean => LETTER_MARKS.has(el.localName) && /^\p{L}$/u.test(el.textContent ?? '');

/** Visible-ish text of a node, without the contents of form controls, scripts and the like. */
function textOf(node: Node, limit = 200): string {
  let out = '';
  const walk = (n: Node): void => {
    if (out.length >= limit) return;
    if (n.nodeType === 3 /* TEXT_NODE */) {
      out += n.nodeValue ?? '';
      return;
    }
    if (n.nodeType !== 1 /* ELEMENT_NODE */) return;
    const el = n as Element;
    if (SKIP_TEXT_OF.has(el.localName)) return;
    if (el.getAttribute('aria-hidden') === 'true') return;
    if (el.localName === 'slot') {
      // What a slot shows is what is assigned to it (through nested slots too), else its fallback content.
      const assigned = (el as HTMLSlotElement).assignedNodes?.({ flatten: true }) ?? [];
      if (assigned.length > 0) {
        for (const a of assigned) walk(a);
        out += ' ';
        return;
      }
    }
    // An element's text is a word apart on both sides ("Chiave applicazione<span>obbligatorio</span>" is two
    // words), unless it is one letter marked inside a word.
    const apart = !isLetterMark(el);
    if (apart) out += ' ';
    for (let c = n.firstChild; c; c = c.nextSibling) walk(c);
    if (apart) out += ' ';
  };
  walk(node);
  return out.replace(/\s+/g, ' ').trim().slice(0, limit);
}

/**
 * An id reference (aria-labelledby, aria-describedby) resolved the way browsers allow it: in the element's
 * own tree, else in the trees around it (a shadow root may point out to its host's document, never in).
 */
function byIdOutward(el: Element, id: string): Element | null {
  let root: Node = el.getRootNode();
  for (let guard = 0; guard < 10; guard++) {
    const found = (root as Root).getElementById?.(id) ?? null;
    if (found) return found;
    if (!isShadowRoot(root)) return null;
    root = root.host.getRootNode();
  }
  return null;
}

function isShadowRoot(node: Node): node is ShadowRoot {
  return node.nodeType === 11 /* DOCUMENT_FRAGMENT_NODE */ && 'host' in node;
}

function textOfIds(el: Element, attr: string): string {
  // Element references set from script (ariaLabelledByElements) may cross shadow boundaries outward too.
  const refs = attr === 'aria-labelledby' ? (el as Element & { ariaLabelledByElements?: readonly Element[] | null }).ariaLabelledByElements : undefined;
  const ids = (el.getAttribute(attr) ?? '').split(/\s+/).filter(Boolean);
  const nodes: Element[] = refs && refs.length > 0 ? [...refs] : ids.map((id) => byIdOutward(el, id)).filter((n): n is Element => n !== null);
  return nodes
    .map((n) => textOf(n))
    .join(' ')
    .trim();
}

function labelText(el: FillableField): string {
  const parts: string[] = [];
  const labels = el.labels;
  if (labels) for (const label of Array.from(labels)) parts.push(textOf(label));
  if (parts.length === 0) {
    const floating = floatingLabel(el);
    if (floating) parts.push(textOf(floating));
  }
  return parts.join(' ').trim();
}

const CONTROLS = 'input:not([type=hidden]), textarea, select';

function containsField(el: Element): boolean {
  if (el.localName === 'input' || el.localName === 'textarea' || el.localName === 'select') return true;
  return el.querySelector(CONTROLS) !== null;
}

/**
 * A `<label>` after the field, tied to nothing (no `for`, no control inside), in a container that holds only
 * this field: the floating label of Material-style forms, which CSS draws over or above the field. The text
 * walk (nearbyText) looks only before a field, where most labels are. Only a label element counts here:
 * other text after a field is mostly a hint or an error message.
 */
function floatingLabel(el: Element): Element | null {
  const parent = el.parentElement;
  if (!parent || parent.querySelectorAll(CONTROLS).length !== 1) return null;
  for (let sib = el.nextElementSibling; sib; sib = sib.nextElementSibling) {
    if (sib.localName === 'label' && !sib.hasAttribute('for')) return sib;
    // Angular Material's floating label sits in a wrapper after the field (a span holding the label).
    const wrapped = sib.querySelector('label:not([for])');
    if (wrapped) return wrapped;
  }
  return null;
}

/**
 * The closest text before the field in its own row or container: previous siblings first, then the
 * parent's previous siblings, up to MAX_NEARBY_LEVELS levels. Stops at a sibling holding another form
 * control (its text belongs to that control) and at form/fieldset/body boundaries. With the text, the element
 * it is in, to see where it is drawn (null for a text node beside the field).
 */
function nearbyText(el: Element): { text: string; from: Element | null } {
  // Walk the tree as it is rendered: a slotted field sits where its slot is, and a field at the top of a
  // shadow root sits where its host is.
  let node: Element = slotOf(el) ?? el;
  for (let level = 0; level <= MAX_NEARBY_LEVELS; level++) {
    for (let sib = node.previousSibling; sib; sib = sib.previousSibling) {
      if (sib.nodeType === 3) {
        const t = (sib.nodeValue ?? '').replace(/\s+/g, ' ').trim();
        if (t) return { text: t.slice(0, 200), from: null };
        continue;
      }
      if (sib.nodeType !== 1) continue;
      const sibEl = sib as Element;
      if (SKIP_TEXT_OF.has(sibEl.localName) && sibEl.localName !== 'input' && sibEl.localName !== 'textarea') continue;
      if (containsField(sibEl)) return { text: variableName(sibEl), from: sibEl };
      const t = textOf(sibEl);
      if (t && !REQUIRED_MARK.test(normalizeText(t))) return { text: withHeadingAbove(sibEl, t), from: sibEl };
      if (!t) {
        const icon = iconName(sibEl);
        if (icon) return { text: icon, from: sibEl };
      }
    }
    let parent: Element | null = node.parentElement;
    if (!parent) {
      const root = node.parentNode;
      parent = root && isShadowRoot(root) ? root.host : null;
    }
    if (!parent || parent.localName === 'form' || parent.localName === 'fieldset' || parent.localName === 'body') break;
    node = slotOf(parent) ?? parent;
  }
  return { text: '', from: null };
}

/** Elements that hold a field's label when a form writes one per field (an `<h4>` over each field, a bold caption). */
const LABEL_LIKE = new Set(['h3', 'h4', 'h5', 'h6', 'label', 'dt', 'strong', 'b']);
/** Elements that hold a line of help under a label. */
const HELP_LIKE = new Set(['p', 'small', 'span', 'div']);

/**
 * A line of help between a field and its label ("Label / hint / field", each a block of its own): the label is
 * the element before the help, and the person reads both. Only a label-like element counts as that label, so a
 * section's title over an intro paragraph is not taken for a field's.
 */
function withHeadingAbove(help: Element, text: string): string {
  if (!HELP_LIKE.has(help.localName)) return text;
  let prev = help.previousSibling;
  while (prev && prev.nodeType === 3 && !(prev.nodeValue ?? '').trim()) prev = prev.previousSibling;
  if (!prev || prev.nodeType !== 1) return text;
  const label = prev as Element;
  if (!LABEL_LIKE.has(label.localName) || (label.localName === 'label' && label.hasAttribute('for')) || containsField(label)) return text;
  const heading = textOf(label);
  return heading ? `${heading} ${text}`.slice(0, 200) : text;
}

/**
 * The term a description explains when it is written "Term: what it is" (a tooltip that stands for the label:
 * "Application Key ID (keyID): the public part, shown on the App Keys page"). Its explanation may name other
 * things ("the App Keys page"), so the term is read apart from it.
 */
function explainedTerm(description: string): string {
  return /^\s*([^:：]{2,60}?)\s*[:：]\s*\S/u.exec(description)?.[1] ?? '';
}

/** How far from a field (px) a label laid out beside it may end; farther, it is another column's text. */
const BESIDE_GAP = 240;
/** Past this many elements around a field, no label is looked for by place (a whole page is no form). */
const BESIDE_SCAN_MAX = 400;

const heightOf = (b: Box) => b.bottom - b.top;
/** The two boxes share at least half the lower one's height: one row. */
const sameRow = (a: Box, b: Box) => Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) >= Math.min(heightOf(a), heightOf(b)) / 2;

/** How far above a field (px) its label may end: a line of help text between them still fits. */
const ABOVE_GAP = 48;

/** Whether text drawn in `text` reads as the field's own label: on its row, or just above it. */
function drawnNear(field: Box, text: Box): boolean {
  const dx = Math.max(0, text.left - field.right, field.left - text.right);
  const above = text.bottom <= field.top + 4 && field.top - text.bottom <= ABOVE_GAP;
  return (sameRow(field, text) || above) && dx <= BESIDE_GAP;
}

/**
 * The text drawn beside a field on its row, on the side a label goes (left; right in right-to-left text): the
 * label of a form whose labels sit in a column of their own (a CSS grid of labels, then fields), where nothing
 * but the layout ties them. Looked for among the blocks around the field that hold no field, in the smallest
 * ancestor that holds another field too (the form's grid or table), and never past another field on the row
 * (in "Key ID [field] [field]" the second field has no label of its own).
 */
function besideText(el: Element, box: (el: Element) => Box | null): string {
  const field = box(el);
  if (!field || heightOf(field) <= 0) return '';
  let scope = el.parentElement;
  while (scope && scope.localName !== 'body' && scope.getElementsByTagName('*').length <= BESIDE_SCAN_MAX && Array.from(scope.querySelectorAll(CONTROLS)).every((c) => c === el)) {
    scope = scope.parentElement;
  }
  if (!scope || scope.getElementsByTagName('*').length > BESIDE_SCAN_MAX) return '';
  // The form's direction, not the field's: right-to-left pages often write keys and IDs left to right.
  const rtl = getComputedStyle(scope).direction === 'rtl';
  const gapOf = (b: Box) => (rtl ? b.left - field.right : field.left - b.right);
  let limit = BESIDE_GAP;
  for (const other of Array.from(scope.querySelectorAll(CONTROLS))) {
    const b = other === el ? null : box(other);
    // A label of ours lies nearer than any other field on the row (whose own gap is that of its near edge).
    if (b && heightOf(b) > 0 && sameRow(field, b) && gapOf(b) >= 0) limit = Math.min(limit, gapOf(b) - 1);
  }
  let best = '';
  let bestGap = Infinity;
  // The largest blocks without a field: a label with its "*" and tooltip is read whole, not as its "?".
  const visit = (parent: Element): void => {
    for (const child of Array.from(parent.children)) {
      if (child.contains(el) || containsField(child)) {
        visit(child);
        continue;
      }
      const b = box(child);
      if (!b || heightOf(b) <= 0 || !sameRow(field, b)) continue;
      const gap = gapOf(b);
      if (gap < 0 || gap > limit || gap >= bestGap) continue;
      const t = textOf(child);
      if (!t || REQUIRED_MARK.test(normalizeText(t))) continue;
      best = t;
      bestGap = gap;
    }
  };
  visit(scope);
  return best;
}

/** Text beside a field that only says whether it must be filled ("*", "required", "Pflichtfeld", "必須"). */
const REQUIRED_MARK =
  /^(?:|required|optional|req|opt|mandatory|erforderlich|pflichtfeld|pflicht|obligatoire|facultatif|obligatorio|opcional|obbligatorio|facoltativo|verplicht|optioneel|wymagane|opcjonalne|обязательно|необязательно|必須|任意|必填|可选|选填|필수|선택)$/u;

/**
 * The name of an icon that stands for a label: its own or a descendant's `aria-label` or `title` (the tooltip a
 * person gets), or the `<title>` of an SVG inside it.
 */
function iconName(el: Element): string {
  const named = el.matches('[aria-label], [title]') ? el : el.querySelector('[aria-label], [title]');
  const text = named?.getAttribute('aria-label') || named?.getAttribute('title') || el.querySelector('svg title')?.textContent || '';
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/**
 * A key/value editor (CI variables, environment settings) names the value's field by the variable name typed in
 * the field before it (alone in its cell, if in one): `B2_APPLICATION_KEY_ID`, or in lower case as Terraform-style
 * variables are (`b2_application_key_id`, heldout-15). Only a name in one of those shapes counts: any other value
 * before a field (a keyID already typed, a bucket, "Account_id") names nothing.
 */
function variableName(el: Element): string {
  const controls = el.localName === 'input' ? [el] : Array.from(el.querySelectorAll(CONTROLS));
  const only = controls.length === 1 ? controls[0] : undefined;
  if (!only || only.localName !== 'input' || !isTextField(only)) return '';
  const value = (only as HTMLInputElement).value.trim();
  return /^(?:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[a-z][a-z0-9]*(?:_[a-z0-9]+)+)$/.test(value) ? value : '';
}

/** The variable name typed in the field before this one in its row (variableName), or ''. */
function variableBefore(el: Element): string {
  const before = nearbyText(el);
  return before.from && containsField(before.from) ? before.text : '';
}

/**
 * The slot an element is rendered in: `assignedSlot`, or (where a DOM lacks it, such as happy-dom) the slot
 * of its name in its parent's open shadow root.
 */
function slotOf(el: Element): HTMLSlotElement | null {
  if (el.assignedSlot !== undefined) return el.assignedSlot;
  const root = el.parentElement?.shadowRoot;
  if (!root) return null;
  const name = el.getAttribute('slot') ?? '';
  const slots = Array.from(root.querySelectorAll('slot')) as HTMLSlotElement[];
  return slots.find((s) => (s.getAttribute('name') ?? '') === name) ?? null;
}

/** Words that name the provider a section of the page is for (as normalizeText splits them: "DigitalOcean" is "digital ocean"). */
const B2_CONTEXT = /\b(?:backblaze|b2)\b/;
const OTHER_PROVIDER = /\b(?:amazon|aws|azure|microsoft|google|gcs|wasabi|digital ?ocean|cloudflare|r2|min ?io|dropbox|one ?drive|storj|linode|scaleway|ovh|i ?drive|oracle|ibm|alibaba|aliyun|tencent|hetzner|sftp|ftp|web ?dav)\b/;
/**
 * Of those, providers B2 is never entered under: their own keys are asked for (Wasabi, Cloudflare R2, Azure, an SFTP
 * server). Amazon S3, AWS and MinIO are not among them: S3-compatible forms for B2 use their names for the protocol
 * ("Amazon S3 compatible", an rclone remote of type s3, a MinIO client).
 */
const PROVIDER_ELSEWHERE = /\b(?:azure|gcs|wasabi|digital ?ocean|cloudflare|r2|dropbox|one ?drive|storj|linode|scaleway|ovh|i ?drive|alibaba|aliyun|tencent|hetzner|sftp|ftps?|web ?dav|ssh)\b/;
/**
 * Section titles of services that hold keys but never files: a shop's "Payments" (publishable + secret key), an
 * email API, maps, captcha, an AI model. Their fields are never a B2 key, whether or not the page has a B2 section.
 * A title that also speaks of storing files ("Email attachments storage") is not one of them.
 */
const NOT_STORAGE = /\b(?:payments?|billing|checkout|stripe|paypal|braintree|adyen|mollie|razorpay|email|e mail|mail|smtp|sendgrid|mailgun|postmark|mailchimp|maps?|mapbox|analytics|captcha|recaptcha|hcaptcha|turnstile|sms|twilio|oauth|sso|single sign on|saml|openid|webhooks?|openai|anthropic|llm|chatgpt|claude|gemini|mistral|ollama|cohere|groq|huggingface|hugging face|deepseek|openrouter|perplexity|bedrock|artificial intelligence|wallet|slack|discord|telegram|iot|gpg|pgp|ssh|push notifications?|apns|fcm|firebase cloud messaging|speech to text|text to speech|speech recognition|voice recognition|transcriptions?|transcribe|stt|tts|psa|professional services automation)\b/;
/**
 * "AI" and its acronyms in other languages (KI, IA), written in capitals: folded, "ai" is also an Italian and
 * Portuguese word ("Accesso ai servizi").
 */
const AI_ACRONYM = /(?<![\p{L}\p{N}])(?:AI|KI|IA)(?![\p{Ll}\p{Lu}\p{N}])/u;
const STORAGE_WORDS = /\b(?:storage|backups?|buckets?|s3|object|objects|archive|media|files?|uploads?|attachments?)\b/;
/**
 * The same storage words in the languages whose not-storage words are listed below, folded, as word beginnings
 * (plurals and cases: "archivos", "Sicherungen", "хранилище"): an e-mail client's "Exportar archivo de correo" is
 * an archive stored somewhere before it is e-mail. "Cloud" and its translations are not among them: a cloud
 * service is as often a mail or AI service. Words that are also common elsewhere were left out (Danish "opslag" is
 * a post, Dutch "bestand" is also Danish stock).
 */
const STORAGE_WORD_STARTS = [
  // storage
  'almacenamiento', 'armazenamento', 'stockage', 'archiviazione', 'speicher', 'lagring', 'przechowywani', 'uloziste',
  'depolama', 'luu tru', 'penyimpanan', 'tarhely', 'хранилищ', 'tallennustil',
  // backups
  'respaldo', 'copia de seguridad', 'copias de seguridad', 'copia de seguranca', 'sauvegarde', 'datensicherung',
  'sicherungskopie', 'kopia zapasow', 'zaloh', 'yedekle', 'sao luu', 'cadangan', 'biztonsagi ment', 'резервн',
  'varmuuskopi', 'sakerhetskopi', 'sikkerhetskopi',
  // files and archives
  'archivo', 'archivio', 'archiviazione', 'arquivo', 'fichier', 'datei', 'plik', 'soubor', 'dosya', 'berkas', 'fajl', 'файл', 'архив',
  'tiedosto',
];
const STORAGE_STEM_RE = new RegExp(`(?<![\\p{L}\\p{N}\\p{M}])(?:${STORAGE_WORD_STARTS.map(foldText).join('|')})`, 'u');
/**
 * The same kinds of service in other languages, folded as normalizeText folds them: word beginnings ("Zahlungen",
 * "paiements"), and for languages that glue compounds, stems found anywhere in a word ("Korttimaksut",
 * "Kartenzahlung"). Scripts without spaces match inside the text. Each was checked against ordinary words of its
 * language ("почти" is not "почта", "templating" holds no "plati").
 */
const NOT_STORAGE_WORD_STARTS = [
  // payments
  'paiement', 'pagamento', 'pagos', 'platnosc', 'platba', 'platby', 'odeme', 'thanh toan', 'pembayaran', 'fizetes', 'placanj', 'pagament',
  'maksajum', 'ordainket', 'taliad', 'malipo', 'pagbabayad', 'төлем', 'төлбөр', 'ክፍያ', 'অর্থপ্রদান', 'கட்டண',
  'vi dien tu', 'dompet digital', 'portefeuille electronique', 'monedero', 'carteira digital',
  'оплат', 'платеж', 'плаћањ', 'плащан', 'πληρωμ', 'תשלום', 'الدفع', 'پرداخت', 'भुगतान',
  // e-mail
  'e posta', 'correo', 'courriel', 'sahkoposti', 'почта', 'почтов', 'דוא ל', 'البريد',
  // e-mail in the other languages of the tables (written from the languages, each its usual word; "E-Mail" spelled
  // so is the English word): Pashto, Persian, Urdu, Hindi, Marathi and Nepali, Bengali, Gujarati, Punjabi, Tamil,
  // Telugu, Kannada, Malayalam, Sinhala, Burmese, Amharic, Greek, Bulgarian and Macedonian, Ukrainian, Serbian,
  // Mongolian, Georgian, Armenian, Malay and Indonesian, Vietnamese, Swahili, Polish, Lithuanian, Latvian, Estonian,
  // Icelandic, Irish, Welsh, Hausa, Yoruba, Zulu, Somali
  'برېښنالیک', 'بریښنالیک', 'ایمیل', 'ای میل', 'ईमेल', 'ই মেইল', 'ইমেইল', 'ઇમેઇલ', 'ਈਮੇਲ', 'மின்னஞ்சல்', 'ఇమెయిల్',
  'ಇಮೇಲ್', 'ഇമെയിൽ', 'ඊමේල්', 'အီးမေးလ်', 'ኢሜይል', 'ταχυδρομ', 'имейл', 'імейл', 'електронн пошт',
  'пошта', 'е пошт', 'имэйл', 'ელფოსტ', 'էլ փոստ', 'emel', 'surel', 'thu dien tu', 'barua pepe', 'poczta', 'el pastas',
  'e pasts', 'tolvupost', 'riomhphost', 'e bost', 'imel', 'imeeli', 'i imeyili', 'iimayl',
  // text messages: "SMS" written in the language's own script (heldout-12)
  'смс', 'एसएमएस', 'এসএমএস', 'ایس ایم ایس', 'எஸ்எம்எஸ்',
  // speech to text and transcription (heldout-15: a call centre's "Konuşmadan metne servisi")
  'transcri', 'transkri', 'trascri', 'konusmadan metne', 'ses tanima', 'spracherkennung', 'reconnaissance vocale', 'voz a texto',
  'reconocimiento de voz', 'fala para texto', 'reconhecimento de voz', 'riconoscimento vocale', 'spraakherkenning', 'rozpoznawanie mowy',
  'распознавание речи', 'транскрип', 'речь в текст',
  // spam
  'anti spam', 'antispam', 'spam',
  // licences
  'licenc', 'licenz', 'licencj', 'lisans', 'лиценз',
];
/**
 * "E-post" (Estonian, and Norwegian, Swedish and Danish) as a whole word, its usual endings or an address or inbox
 * compound: as a word beginning it took "e-Postgres" and "ePostcard" for e-mail.
 */
const E_POST = 'e post(?:i|is|en|a|ar|er|adress\\p{L}*|adresse\\p{L}*|aadress\\p{L}*|kast\\p{L}*|kasse\\p{L}*|konto\\p{L}*)?(?![\\p{L}\\p{N}\\p{M}])';
const NOT_STORAGE_IN_COMPOUNDS = ['zahlung', 'betaling', 'betalning', 'maksu', 'lizenz', 'lisenssi', 'greiðsl'];
const NOT_STORAGE_UNSPACED = ['ชำระเงิน', '決済', '支払', '支付', '付款', '결제', 'メール', '邮件', '郵件', '이메일', 'ライセンス', '许可证', '라이선스'];
const escapeForRegExp = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const NOT_STORAGE_STEM_RE = new RegExp(
  [
    // Folded as the titles are (Persian yeh and kaf read as Arabic's, accents gone).
    `(?<![\\p{L}\\p{N}\\p{M}])(?:${NOT_STORAGE_WORD_STARTS.map((w) => escapeForRegExp(foldText(w))).join('|')})`,
    `(?<![\\p{L}\\p{N}\\p{M}])${E_POST}`,
    ...NOT_STORAGE_IN_COMPOUNDS.map(escapeForRegExp),
    ...NOT_STORAGE_UNSPACED.map(escapeForRegExp),
  ].join('|'),
  'u',
);
/**
 * A field's own name or id naming such a service ("config[captcha_key_id]", "llm_secret_key"): words specific
 * enough to say so (markup words such as "mail_from" or "map" are too loose).
 */
const NOT_STORAGE_MARKUP = /\b(?:stt|tts|psa|speech|transcription|captcha|recaptcha|hcaptcha|turnstile|smtp|stripe|paypal|braintree|razorpay|sendgrid|mailgun|postmark|mailchimp|twilio|openai|anthropic|llm|chatgpt|gpt|webhooks?|mapbox|maps|analytics|gtm|license|licence|oauth|openid|saml)\b/;
/**
 * A key field named for a mail service first ("mail_key_id", "smtp_secret"): "mail" alone is too loose in markup
 * ("mail_from"), but a key named after it is that service's (heldout-14). Not "sms": a storage page's fields were
 * seen named so ("sms.secret_key" under "Cloud storage").
 */
const MAIL_KEY_MARKUP = /^(?:e ?mail|mail|smtp|newsletter|mailer)\b.*\b(?:key|secret|token)\b/;
/**
 * Words as written, folded but not split: normalizeText splits camelCase and glued words, which takes brand names
 * apart ("OAuth" → "o auth", "PayPal" → "pay pal", "WebHook" → "web hook", "OpenAI" → "open ai").
 */
const plainWords = (raw: string): string => foldText(raw).replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ');
/** Whether a title names a service that stores no files, split into words (`normalized`) or as written. */
const namesNotStorage = (raw: string, normalized: string): boolean => NOT_STORAGE.test(normalized) || NOT_STORAGE.test(plainWords(raw));

/** Key formats of payment gateways, in a placeholder or value ("pk_test_…", "sk_live_…"). */
const PAYMENT_KEY = /^\s*(?:pk|sk|rk)_(?:test|live)_/;

/**
 * The text in the cells after a field's own in a table row, up to the next field: an explanation column ("Option |
 * Value | Help"), read as a description is.
 */
function rowHelp(el: Element): string {
  const cell = el.closest('td, th');
  if (!cell || cell.parentElement?.localName !== 'tr') return '';
  for (let next = cell.nextElementSibling; next; next = next.nextElementSibling) {
    if (containsField(next)) return '';
    const t = textOf(next);
    if (t) return t;
  }
  return '';
}

/**
 * The header cell over a table cell's column (a `<thead>` row, or a first row of two or more `<th>` only: one
 * header across the table titles the row under it, not a column), or ''.
 */
function columnHeader(el: Element): string {
  const cell = el.closest('td, th');
  const row = cell?.parentElement;
  const table = cell?.closest('table');
  if (!cell || !row || row.localName !== 'tr' || !table) return '';
  const span = (c: Element) => Math.max(1, Number(c.getAttribute('colspan')) || 1);
  let column = 0;
  for (const c of Array.from(row.children)) {
    if (c === cell) break;
    column += span(c);
  }
  const rows = Array.from(table.querySelectorAll('tr')).filter((r) => r.closest('table') === table);
  const first = rows[0];
  const isHeaderRow = (r: Element | undefined) => r !== undefined && r !== row && r.children.length > 1 && Array.from(r.children).every((c) => c.localName === 'th');
  const head = rows.filter((r) => r.parentElement?.localName === 'thead').at(-1) ?? (isHeaderRow(first) ? first : undefined);
  if (!head || head === row) return '';
  let at = 0;
  for (const h of Array.from(head.children)) {
    if (column < at + span(h)) return h.localName === 'th' ? textOf(h) : '';
    at += span(h);
  }
  return '';
}

/**
 * The titles of the sections the field is in, nearest first: at each level up, the ancestor's aria-label(ledby)
 * or legend, or the closest heading before the field inside it (a disclosure's `<summary>` and a table's
 * `<caption>` count as headings), crossing shadow hosts. `outer`: found more than eight levels up or straight in
 * the body, where a title is the page's rather than the section's.
 */
function sectionTitles(el: Element): { text: string; outer: boolean }[] {
  const titles: { text: string; outer: boolean }[] = [];
  let node: Element = el;
  for (let level = 0; level < 12; level++) {
    let parent: Element | null = node.parentElement;
    if (!parent) {
      const root = node.parentNode;
      parent = root && isShadowRoot(root) ? root.host : null;
    }
    if (!parent || parent.localName === 'html') break;
    const named = parent.getAttribute('aria-label') || textOfIds(parent, 'aria-labelledby');
    let title = named && parent !== el ? named : '';
    for (let sib = node.previousElementSibling; sib && !title; sib = sib.previousElementSibling) {
      if (/^(h[1-6]|legend|summary|caption)$/.test(sib.localName) || sib.getAttribute('role') === 'heading') title = textOf(sib);
      // A table's group row (one cell across the columns, no field: "# File storage (Backblaze B2)" in an .env
      // editor) titles the rows under it, up to the next one.
      else if (node.localName === 'tr' && isGroupRow(sib)) title = textOf(sib);
      // A heading inside a box before the field titles the field's own section; above that title, such a heading is
      // a neighbouring section's ("Email notifications" above "Remote credentials"), not the page's.
      else if (titles.length === 0 && !containsField(sib)) {
        const heading = sib.querySelector('h1, h2, h3, h4, h5, h6, legend, summary, caption, [role=heading]');
        if (heading) title = textOf(heading);
        else if (sib === parent.firstElementChild && isHeaderBox(sib)) title = textOf(sib);
      }
    }
    if (title && titles.at(-1)?.text !== title) titles.push({ text: title, outer: level >= 8 || parent.localName === 'body' });
    if (parent.localName === 'body') break;
    node = parent;
  }
  return titles;
}

/**
 * A table row that is one cell spanning two or more columns, holding a title and no field: a header cell, or short
 * text that is no sentence (a help or error row between two fields, "We email you before this key expires.", is none).
 */
function isGroupRow(row: Element): boolean {
  if (row.localName !== 'tr' || row.children.length !== 1) return false;
  const cell = row.firstElementChild!;
  if (Number(cell.getAttribute('colspan')) < 2 || containsField(cell)) return false;
  const text = textOf(cell, 81);
  return text !== '' && (cell.localName === 'th' || (text.length <= 60 && !/[.!?。！？]$/.test(text)));
}

/** Class names of a card's header bar ("card-header", "panel-title", "gw-h"). */
const HEADER_CLASS = /^(?:h|hd|hdr|head|header|heading|title|caption)$/;
/**
 * A box at the top of a section that titles it without a heading element: a card's header bar, by its class name
 * or by bold text first in it. Short, as titles are.
 */
function isHeaderBox(el: Element): boolean {
  if (textOf(el, 81).length > 80) return false;
  if (Array.from(el.classList).some((c) => c.toLowerCase().split(/[-_]/).some((part) => HEADER_CLASS.test(part)))) return true;
  const first = el.firstElementChild;
  return first !== null && (first.localName === 'b' || first.localName === 'strong') && el.firstChild === first;
}

/** What one title says of its section, or null when it says nothing of providers or services. */
function titleKind(raw: string): Candidate['provider'] | 'storage' {
  const title = normalizeText(raw);
  if (B2_CONTEXT.test(title)) return 'b2';
  const storage = STORAGE_WORDS.test(title) || STORAGE_STEM_RE.test(title);
  // A provider's service that stores no files ("Amazon Bedrock", "Google Maps") is that service first.
  if (!storage && (namesNotStorage(raw, title) || NOT_STORAGE_STEM_RE.test(title) || AI_ACRONYM.test(raw))) return 'notStorage';
  if (OTHER_PROVIDER.test(title)) return 'other';
  return storage ? 'storage' : null;
}

/**
 * 'b2' when the field's section names Backblaze B2, 'other' when it names another provider only, 'notStorage'
 * when it is titled for a service that stores no files, or sits on a page so titled under a section title that
 * says nothing of storage. Otherwise the field's own name or id says which provider ("aws_access_key_id",
 * "b2[key_id]"), or names such a service ("captcha_key_id"; looser markup words such as "mail_from" do not count),
 * or the field holds a payment gateway's key format; neither of the last two where a title speaks of storage. A
 * variable name typed before the field that names such a service decides first.
 */
function providerOf(el: Element): Candidate['provider'] {
  // A key/value editor's variable name is the value field's own name, chosen for it ("STRIPE_SECRET" among the
  // storage rows of an .env file): one naming such a service, and no provider or storage ("ANALYTICS_B2_KEY_ID",
  // "MEDIA_S3_SECRET"), says so whatever the section. Not another provider: S3-compatible drivers take any
  // provider's keys as AWS_*.
  const variable = normalizeText(variableBefore(el));
  if (variable && NOT_STORAGE_MARKUP.test(variable) && !B2_CONTEXT.test(variable) && !OTHER_PROVIDER.test(variable) && !STORAGE_WORDS.test(variable)) return 'notStorage';
  const titles = sectionTitles(el);
  const nearest = titles[0] && !titles[0].outer ? titles[0] : null;
  const kind = nearest ? titleKind(nearest.text) : null;
  if (kind === 'b2' || kind === 'notStorage') return kind;
  // Beyond the section's own title, only a service that stores no files is read off the page's titles: a section
  // titled "API keys" on a page titled "Card payments" is the payments page's, and so is one titled for a provider
  // ("Amazon") on a page titled "AI assistant". A title about a provider or about storage ends that search, and
  // says the fields' names cannot make the form one for such a service.
  let aboutStorage = kind === 'storage';
  // The document's own title is the outermost ("Payments · Store admin", "Provision device · IoT console").
  const pageTitle = (el.ownerDocument.title ?? '').trim();
  const outerTitles = [...titles.slice(nearest ? 1 : 0), ...(pageTitle ? [{ text: pageTitle, outer: true }] : [])];
  for (const title of kind === null || kind === 'other' ? outerTitles : []) {
    const outer = titleKind(title.text);
    if (outer === 'notStorage') return outer;
    if (outer) {
      aboutStorage = true;
      break;
    }
  }
  if (kind === 'other') return kind;
  const rawMarkup = `${el.getAttribute('name') ?? ''} ${el.id}`;
  const markup = normalizeText(rawMarkup);
  if (B2_CONTEXT.test(markup)) return 'b2';
  if (OTHER_PROVIDER.test(markup)) return 'other';
  if (aboutStorage) return null;
  if (NOT_STORAGE_MARKUP.test(markup) || NOT_STORAGE_MARKUP.test(plainWords(rawMarkup))) return 'notStorage';
  if (MAIL_KEY_MARKUP.test(markup) && !STORAGE_WORDS.test(markup)) return 'notStorage';
  if (PAYMENT_KEY.test(el.getAttribute('placeholder') ?? '') || PAYMENT_KEY.test((el as HTMLInputElement).value ?? '')) return 'notStorage';
  return null;
}

/** Whether the field's own section title, or its name or id, names a provider in PROVIDER_ELSEWHERE. */
function namesProviderElsewhere(el: Element): boolean {
  const nearest = sectionTitles(el)[0];
  const texts = [nearest && !nearest.outer ? nearest.text : '', `${el.getAttribute('name') ?? ''} ${el.id}`];
  return texts.some((t) => PROVIDER_ELSEWHERE.test(normalizeText(t)) || PROVIDER_ELSEWHERE.test(plainWords(t)));
}

function inSearchContext(el: Element): boolean {
  return el.closest('[role=search], search, form[role=search]') !== null;
}

// ---------------------------------------------------------------------------------------------------
// Scoring

/** Where a piece of text comes from: markup only a developer sees, text the person sees, or help text. */
type Bucket = 'attr' | 'visible' | 'other';

const BUCKET: Record<string, Bucket> = {
  name: 'attr',
  id: 'attr',
  formcontrolname: 'attr',
  autocomplete: 'attr',
  label: 'visible',
  'aria-label': 'visible',
  'aria-labelledby': 'visible',
  placeholder: 'visible',
  title: 'visible',
  'nearby text': 'visible',
  'column header': 'visible',
  'aria-describedby': 'other',
  'term its description explains': 'other',
  'help in its row': 'other',
};

function scoreCandidate(el: FillableField, focused: Element | null, visibility: VisibilityCheck = BROWSER_VISIBILITY): Candidate {
  const reasons: string[] = [];
  const sums: Record<Bucket, { keyId: number; secret: number }> = {
    attr: { keyId: 0, secret: 0 },
    visible: { keyId: 0, secret: 0 },
    other: { keyId: 0, secret: 0 },
  };
  const specific: Record<CredentialRole, boolean> = { keyId: false, secret: false };
  let visibleDecoy = false;
  let visiblePositive = false;
  /** What the person reads names another thing's key too ("Sleutel-ID (KMS)"). */
  let visibleOtherKey = false;
  const tags = new Set<string>();
  let secretWordShown = false;

  const type = fieldType(el);
  const isPassword = type === 'password';

  /** Scores one source's text; false when it says nothing this module knows. */
  const add = (source: Source, text: string | null | undefined, factor = 1): boolean => {
    if (!text) return false;
    const s = scoreTextDetailed(text);
    if (s.hits.length === 0) return false;
    for (const h of s.hits) tags.add(h);
    const weight = source.weight * factor;
    let k = s.keyId * weight;
    let sec = s.secret * weight;
    let spec = { ...s.specific };
    // "Access key" is the keyID in S3 wording, but some tools pair an "Access ID" with an "Access key" that
    // is the secret; a masked "Access key" field is read that way.
    if (isPassword && k > 0 && s.hits.every((h) => h === 'access key' || h.startsWith('not:'))) {
      sec = Math.max(sec, 0) + k;
      k = 0;
      spec = { keyId: false, secret: spec.keyId };
    }
    const bucket = BUCKET[source.kind] ?? 'other';
    sums[bucket].keyId += k;
    sums[bucket].secret += sec;
    if (k > 0 && spec.keyId) specific.keyId = true;
    if (sec > 0 && spec.secret) specific.secret = true;
    if (bucket === 'visible') {
      if (s.hits.some((h) => SECRET_WORD_TAGS.has(h))) secretWordShown = true;
      if (s.hits.some((h) => h.startsWith('not:'))) visibleDecoy = true;
      if (s.hits.includes('not:other key') || s.hits.some((h) => UNCAPPED_DECOY_HITS.has(h))) visibleOtherKey = true;
      if (k > 0 || sec > 0) visiblePositive = true;
    }
    reasons.push(`${source.kind} "${text.slice(0, 60)}": ${s.hits.join(', ')} (keyId ${round(k)}, secret ${round(sec)})`);
    return true;
  };

  add(SOURCES.name, el.getAttribute('name'));
  add(SOURCES.id, el.id);
  add(SOURCES.formControl, el.getAttribute('formcontrolname') ?? el.getAttribute('ng-model'));
  const autocomplete = autocompleteOf(el);
  if (autocomplete && autocomplete !== 'off' && autocomplete !== 'on') add(SOURCES.autocomplete, autocomplete);
  const label = labelText(el);
  const ariaLabel = el.getAttribute('aria-label');
  const labelledby = textOfIds(el, 'aria-labelledby');
  const labelSaid = [add(SOURCES.label, label), add(SOURCES.ariaLabel, ariaLabel), add(SOURCES.ariaLabelledby, labelledby)].includes(true);
  const named = Boolean(label || ariaLabel || labelledby);
  // A name that says nothing known ("Value" in a key/value table whose variable names are text in the row) does
  // not hide the row's own text: a person reads the row.
  let nearby = '';
  if (!(named && labelSaid)) {
    const before = nearbyText(el);
    nearby = before.text;
    // Text before the field in the markup but drawn elsewhere (a grid's label column read in order) is another
    // field's label; a label drawn beside the field, and nothing else, is this one's.
    const box = named ? undefined : visibility.box;
    // A field with a label of its own takes the row's text only from its row: text above it is the help of the
    // field before ("“keyID” from the App Keys page" under the keyID's field, over the secret's label).
    const textAt = named && before.from ? visibility.box?.(before.from) : null;
    const fieldAt = textAt ? visibility.box?.(el) : null;
    if (textAt && fieldAt && heightOf(textAt) > 0 && heightOf(fieldAt) > 0 && !sameRow(fieldAt, textAt)) nearby = '';
    if (box) {
      const from = before.from && box(before.from);
      const field = box(el);
      if (!before.text || (from && field && heightOf(from) > 0 && !drawnNear(field, from))) nearby = besideText(el, box);
    }
  }
  add(SOURCES.nearby, nearby);
  // A field in a table with no name of its own, nor text beside it: its column's header is what the person reads above it.
  if (!named && !nearby) add(SOURCES.column, columnHeader(el));
  // The placeholder comes last, as in an accessible name: beside a real label it only half counts.
  add(SOURCES.placeholder, el.getAttribute('placeholder'), named || nearby ? 0.5 : 1);
  add(SOURCES.title, el.getAttribute('title'));
  const description = textOfIds(el, 'aria-describedby');
  add(SOURCES.description, description);
  add(SOURCES.describedTerm, explainedTerm(description));
  add(SOURCES.rowHelp, rowHelp(el));

  // What the person reads decides over what the markup says. A visible label that names a B2 value wins over
  // an id, name or autocomplete copied from a login form; a visible label that names something else (a
  // site's own "Username", "Password") is not overruled by markup that happens to say "accessKeyId". Nor is
  // markup against it when the label itself also names another thing's key: they agree ("Sleutel-ID (KMS)" on
  // `sse.kms_key_id`).
  const attr = sums.attr;
  const overruled: Record<CredentialRole, boolean> = { keyId: false, secret: false };
  for (const role of ['keyId', 'secret'] as const) {
    if (sums.visible[role] >= THRESHOLD && attr[role] < 0 && !visibleOtherKey) {
      reasons.push(`visible label outweighs the markup for ${role} (${round(attr[role])} dropped)`);
      attr[role] = 0;
      overruled[role] = true;
    }
  }
  // A visible label that names one of the two (and not the other) outweighs markup naming the other one: a field
  // labelled "Key ID" whose id says app_key is the keyID.
  for (const [role, other] of [['keyId', 'secret'], ['secret', 'keyId']] as const) {
    if (sums.visible[role] >= THRESHOLD && sums.visible[other] <= 0 && attr[other] > 0) {
      reasons.push(`visible label names the ${role}: the markup's ${other} (${round(attr[other])}) dropped`);
      attr[other] = 0;
      if (sums.other[other] <= 0) specific[other] = false;
    }
  }
  if (visibleDecoy && !visiblePositive && (attr.keyId > 0 || attr.secret > 0)) {
    reasons.push(`visible label names something else: markup hints dropped (keyId ${round(attr.keyId)}, secret ${round(attr.secret)})`);
    attr.keyId = Math.min(attr.keyId, 0);
    attr.secret = Math.min(attr.secret, 0);
    specific.keyId = false;
    specific.secret = false;
  }
  let keyIdScore = attr.keyId + sums.visible.keyId + sums.other.keyId;
  let secretScore = attr.secret + sums.visible.secret + sums.other.secret;

  if (isPassword) {
    if (secretScore > 0) {
      secretScore += PASSWORD_BONUS;
      reasons.push(`password field (+${PASSWORD_BONUS} secret)`);
    }
    if (keyIdScore > 0) keyIdScore -= PASSWORD_BONUS;
  }

  const penalise = (amount: number, why: string, roles: readonly CredentialRole[] = ['keyId', 'secret']): void => {
    if (roles.length === 0) return;
    if (roles.includes('keyId')) keyIdScore -= amount;
    if (roles.includes('secret')) secretScore -= amount;
    reasons.push(`${why} (−${amount}${roles.length === 1 ? ` ${roles[0]}` : ''})`);
  };
  const typePenalty = TYPE_PENALTY[type];
  if (typePenalty !== undefined) penalise(typePenalty, `type=${type}`);
  if (autocomplete === 'username' || autocomplete === 'email' || autocomplete === 'current-password') {
    penalise(SITE_LOGIN_AUTOCOMPLETE, `site login autocomplete=${autocomplete}`, (['keyId', 'secret'] as const).filter((r) => !overruled[r]));
  }
  // Fields made for something short: a one-time code, a PIN. A keyID has 12 or 25 characters, an applicationKey 31,
  // and both have letters.
  if (autocomplete === 'one-time-code') penalise(NOT_A_KEY, 'one-time code field');
  const maxLength = el.maxLength;
  if (maxLength > 0 && maxLength < SHORTEST_KEY) penalise(NOT_A_KEY, `holds at most ${maxLength} characters`);
  const inputMode = (el.getAttribute('inputmode') ?? '').trim().toLowerCase();
  if (inputMode === 'numeric' || inputMode === 'decimal' || inputMode === 'tel') penalise(NOT_A_KEY, `inputmode=${inputMode}`);
  if (inSearchContext(el)) penalise(SEARCH_CONTEXT, 'inside a search region');
  const best = Math.max(keyIdScore, secretScore);
  const editable = isEditable(el);
  if (!editable) penalise(UNUSABLE, 'disabled or read-only');
  const hidden = visibility.hiddenByStyle(el);
  if (hidden) penalise(UNUSABLE, `not visible: ${hidden}`);
  const scoreIfUsable = hidden || !editable ? best : null;

  if (focused === el) {
    if (keyIdScore > 0) keyIdScore += FOCUS_BONUS;
    if (secretScore > 0) secretScore += FOCUS_BONUS;
    reasons.push('has the focus');
  }
  const provider = providerOf(el);
  // A section for a service that stores no files offers no B2 key, whatever its fields say (and so is not hit-tested).
  if (provider === 'notStorage' && Math.max(keyIdScore, secretScore) > 0) {
    keyIdScore = Math.min(keyIdScore, 0);
    secretScore = Math.min(secretScore, 0);
    reasons.push('section is for a service that stores no files (payments, email, maps, …): not a B2 key');
  }
  // Another provider's section or field that B2 is never entered under: that provider's key, whether or not the page
  // has a B2 section (heldout-13: a Wasabi pair, a Cloudflare R2 pair, an SFTP server's "Key ID" of an SSH key).
  if (provider === 'other' && namesProviderElsewhere(el) && Math.max(keyIdScore, secretScore) > 0) {
    keyIdScore = Math.min(keyIdScore, 0);
    secretScore = Math.min(secretScore, 0);
    reasons.push('section or name is for a provider B2 is not entered under (Wasabi, R2, Azure, SFTP, …): not a B2 key');
  }
  // "Key", or "key" with words for a keyID only (an option named "repo1-s3-key" described as the key's ID, heldout-14):
  // the keyID beside a field named only as the secret, though "key" alone outscores the ID's words for the secret.
  const keyWordOnly =
    [...tags].some((t) => KEY_WORD_TAGS.has(t)) && [...tags].every((t) => KEY_WORD_TAGS.has(t) || (KEY_ID_TAGS.has(t) && keyIdScore > 0));
  const accessKeyOnly = tags.size > 0 && [...tags].every((t) => t === 'access key');
  const idLabelOnly = [label, ariaLabel, labelledby].some((t) => t !== null && t !== undefined && ID_LABEL.test(t));
  const positive = [...tags].filter((t) => !t.startsWith('not:'));
  const accountIdOnly = positive.length > 0 && positive.every((t) => t === 'account id');
  return { el, keyIdScore: round(keyIdScore), secretScore: round(secretScore), reasons, hidden, specific, provider, keyWordOnly, secretWordShown, accessKeyOnly, idLabelOnly, accountIdOnly, scoreIfUsable };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function roleScore(c: Candidate, role: CredentialRole): number {
  return role === 'keyId' ? c.keyIdScore : c.secretScore;
}

/** A label that is only the word "ID" (any case, a colon after it). */
const ID_LABEL = /^\s*(?:id|identifier)\s*:?\s*$/i;

/** Fields of a form group: their nearest shared container holds no more than this many fields. */
const SMALL_GROUP_FIELDS = 8;

function inSmallGroup(a: Element, b: Element): boolean {
  let shared = a.parentElement;
  while (shared && !shared.contains(b)) shared = shared.parentElement;
  return shared !== null && shared.querySelectorAll('input, select, textarea').length <= SMALL_GROUP_FIELDS;
}

/**
 * A site's own sign-in: a user name (autocomplete "username" or "email") read as the keyID by "Account ID" alone, in
 * the same form as a current password that names no key, and no field there named as the secret, nor a B2 title over
 * it. Its "Account ID" is the site's account, not B2's keyID. (A form that also holds a named secret is a B2 form whose
 * keyID field borrowed a login's markup, beside a password the site asks for too; a field named "Key ID" or
 * "Application Key ID" is B2's whatever its markup.)
 */
function signInName(c: Candidate, candidates: readonly Candidate[]): boolean {
  const ac = autocompleteOf(c.el);
  if ((ac !== 'username' && ac !== 'email') || !c.accountIdOnly || c.provider === 'b2') return false;
  const form = (c.el as HTMLInputElement).form;
  if (form === null) return false;
  const inForm = candidates.filter((p) => p !== c && (p.el as HTMLInputElement).form === form);
  return inForm.some((p) => autocompleteOf(p.el) === 'current-password' && p.secretScore < THRESHOLD) && !inForm.some((p) => p.specific.secret && p.secretScore >= THRESHOLD);
}

function autocompleteOf(el: Element): string {
  return (el.getAttribute('autocomplete') ?? '').trim().toLowerCase();
}

/** Best candidate for `role`: above THRESHOLD and scoring higher for this role than for the other one. */
function pick(candidates: Candidate[], role: CredentialRole): Candidate | null {
  const other: CredentialRole = role === 'keyId' ? 'secret' : 'keyId';
  let best: Candidate | null = null;
  for (const c of candidates) {
    if (c.hidden !== null) continue;
    const s = roleScore(c, role);
    if (s < THRESHOLD || s <= roleScore(c, other)) continue;
    if (!best || s > roleScore(best, role)) best = c;
  }
  return best;
}

/** Score one field on its own (used for the focused field). */
export function scoreField(el: FillableField, opts: { focused?: Element | null; visibility?: VisibilityCheck } = {}): Candidate {
  return scoreCandidate(el, opts.focused ?? null, opts.visibility);
}

/**
 * Find the keyID and secret fields of `doc`. `candidates` lists every text field looked at, in document
 * order, with its scores and the reasons for them.
 */
export function findCredentialFields(doc: Document, opts: DetectOptions = {}): DetectionResult {
  const fields: FillableField[] = [];
  collectFields(
    doc,
    {
      includeSameOriginFrames: opts.includeSameOriginFrames ?? true,
      includeShadowRoots: opts.includeShadowRoots ?? true,
    },
    0,
    fields,
  );
  const focused = opts.focused ?? null;
  const visibility = opts.visibility ?? BROWSER_VISIBILITY;
  const candidates = fields.map((el) => scoreCandidate(el, focused, visibility));
  for (const c of candidates) {
    if (Math.max(c.keyIdScore, c.secretScore) <= 0 || !signInName(c, candidates)) continue;
    c.keyIdScore = Math.min(c.keyIdScore, 0);
    c.secretScore = Math.min(c.secretScore, 0);
    c.reasons.push('the user name of a sign-in form (beside a password that names no key): not a B2 value');
  }
  // The hit test (it may scroll and undo) only for fields that could be chosen at all.
  for (const c of candidates) {
    if (c.hidden !== null || Math.max(c.keyIdScore, c.secretScore) < THRESHOLD) continue;
    c.hidden = visibility.coveredBy(c.el);
    if (c.hidden) c.reasons.push(`not visible: ${c.hidden}`);
  }
  // Several providers' forms on one page: the section titled Backblaze/B2 is the one, the others' sections
  // (Amazon S3, Azure, …) step back. With no B2 section on the page, a provider name changes nothing: B2 is
  // often entered as "S3-compatible" or under another provider's profile. A B2 section the person has not opened
  // (its tab not selected, its form not shown until chosen) counts too: the page offers B2 by name, so the section
  // shown for another provider is that provider's (heldout-12).
  const fits = (c: Candidate): boolean => c.hidden === null && Math.max(c.keyIdScore, c.secretScore) >= THRESHOLD;
  if (candidates.some((c) => c.provider === 'b2' && (fits(c) || (c.scoreIfUsable ?? -Infinity) >= THRESHOLD))) {
    for (const c of candidates) {
      if (c.provider === 'other') {
        c.keyIdScore = round(c.keyIdScore - OTHER_PROVIDER_PENALTY);
        c.secretScore = round(c.secretScore - OTHER_PROVIDER_PENALTY);
        c.reasons.push(`section names another provider while the page has a B2 section (−${OTHER_PROVIDER_PENALTY})`);
      } else if (c.provider === 'b2') {
        if (c.keyIdScore > 0) c.keyIdScore = round(c.keyIdScore + B2_SECTION_BONUS);
        if (c.secretScore > 0) c.secretScore = round(c.secretScore + B2_SECTION_BONUS);
        c.reasons.push(`section names Backblaze B2 (+${B2_SECTION_BONUS})`);
      }
    }
  }
  // The B2 section's own fields first: another provider's section may be named by a word this module does not
  // know (a regional cloud), and a field there must not win by a higher score.
  const b2Section = candidates.filter((c) => c.provider === 'b2');
  let keyId = pick(b2Section, 'keyId') ?? pick(candidates, 'keyId');
  let secret = pick(b2Section, 'secret') ?? pick(candidates, 'secret');
  // "Key" beside a field labelled only "Secret" (S3-compatible consoles) is the keyID. Alone, "key" is rclone's word
  // for the secret (beside "account"), so it is read as the keyID only in that pair, and only when one field alone
  // is named that way.
  // Likewise "Access key" (a placeholder alone: "Access key" / "Secret key") beside a field named as the secret is S3's
  // keyID; alone it also names other things.
  const pairedKeyId = (named: (c: Candidate) => boolean): Candidate | null => {
    const keys = candidates.filter((c) => named(c) && c !== secret && c.hidden === null && c.provider !== 'notStorage' && isEditable(c.el));
    const key = keys.length === 1 ? keys[0]! : null;
    // Scoring under THRESHOLD, it has not been through the hit test yet.
    if (key) key.hidden = visibility.coveredBy(key.el);
    if (key?.hidden) key.reasons.push(`not visible: ${key.hidden}`);
    return key?.hidden ? null : key;
  };
  if (!keyId && secret && !secret.specific.secret && secret.secretWordShown) keyId = pairedKeyId((c) => c.keyWordOnly);
  if (!keyId && secret?.specific.secret) keyId = pairedKeyId((c) => c.accessKeyOnly && c.keyIdScore > 0);
  // A field labelled only "ID" in the small group of a field named as the secret ("ID" and "Key" with help beside
  // them) is that key's ID; elsewhere on the page "ID" is anything (a site's own sign-in name, a record's number).
  const namedSecret = secret?.specific.secret ? secret : null;
  if (!keyId && namedSecret) keyId = pairedKeyId((c) => c.idLabelOnly && c.keyIdScore >= 0 && inSmallGroup(c.el, namedSecret.el));
  // A lone "Secret" (a CI/CD secret page, a password manager's note) or a lone "Key" is no B2 form: a field
  // named only by a generic word is chosen only when the other role's field is there too.
  if (keyId && !keyId.specific.keyId && !secret) keyId = null;
  if (secret && !secret.specific.secret && !keyId) secret = null;
  // Nor beside a field in another section: with the keyID in the B2 section, a "Key" elsewhere on the page (a
  // metadata service's "API key" under its own heading) is not the B2 key's other half (heldout-12).
  if (secret && !secret.specific.secret && keyId?.provider === 'b2' && secret.provider !== 'b2') secret = null;
  if (keyId && !keyId.specific.keyId && secret?.provider === 'b2' && keyId.provider !== 'b2') keyId = null;
  return { keyId: keyId?.el ?? null, secret: secret?.el ?? null, candidates };
}
