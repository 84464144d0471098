// Entry of /popup-early.js (see early.ts).
import { sendEarly } from './early';

sendEarly();
