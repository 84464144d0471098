// Request and result types shared by the page-side autofill script and the extension code that injects
// it. Type-only: importing this file pulls no page code into the popup or background bundle.

import type { CredentialRole } from './score';

export type { CredentialRole };

export type FillTarget = CredentialRole | 'both' | 'focused';

export interface FillRequest {
  /** The keyID to fill, if any. */
  keyId?: string;
  /** The applicationKey to fill, if any: only when the user asked for it and the vault is unlocked. */
  secret?: string;
  /**
   * 'keyId' / 'secret': that field (the detected one; else the focused field if it fits).
   * 'both': every detected field a value was given for.
   * 'focused': the focused text field; with one value given that one, with both the one the field looks like.
   */
  target: FillTarget;
  /**
   * Optional: the origin (`https://host:port`) the user confirmed. If the frame has navigated elsewhere
   * since, nothing is filled and the reason is ORIGIN_CHANGED.
   */
  expectedOrigin?: string;
}

/**
 * NO_FIELD: nothing fitting was found (nothing changed). NO_FOCUSED_FIELD: target 'focused' without a focused
 * text field. NO_VALUE: the request carried no value for its target. ORIGIN_CHANGED: see expectedOrigin.
 * NOT_INJECTED: callFill ran in a frame where inject.ts was not (or no longer) injected. HIDDEN_FIELD: the
 * field to fill (the focused one, or a detected one that the page hid after detection) cannot be seen.
 */
export type FillFailureReason = 'NO_FIELD' | 'NO_FOCUSED_FIELD' | 'NO_VALUE' | 'ORIGIN_CHANGED' | 'NOT_INJECTED' | 'REJECTED' | 'HIDDEN_FIELD';

/** Why a value that was asked for did not go in, while another one did. */
export type UnplacedReason = 'NO_FIELD' | 'HIDDEN_FIELD' | 'REJECTED';

export interface UnplacedRole {
  role: CredentialRole;
  reason: UnplacedReason;
}

export type FillResult =
  | {
      ok: true;
      filled: CredentialRole[];
      /** Present when some asked-for value could not be placed (a partial fill); absent when all went in. */
      unplaced?: UnplacedRole[];
    }
  | {
      ok: false;
      reason: FillFailureReason;
      /** A sentence for the user; it never contains a value. */
      message: string;
    };

/** What a frame offers, without any value: lets the extension decide which frame to fill and what to ask. */
export interface ProbeResult {
  keyId: boolean;
  secret: boolean;
  /** The role the focused text field looks like, 'text' for a text field that fits neither, or null. */
  focused: CredentialRole | 'text' | null;
  /** `location.href` of the frame the script runs in. */
  url: string;
  /** `location.origin` of that frame. */
  origin: string;
  /** Whether the script runs in the top frame. */
  isTop: boolean;
}
