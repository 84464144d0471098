// Entry of /options-early.js (see early.ts). index.html runs it in the head, before the modules.
import { sendOptionsEarly } from './early';

sendOptionsEarly();
