// Entry of /popup-early.js (see early.ts and first-screen.ts): the message first, so the background works on the
// answer while the kept first screen is drawn. index.html runs it after #app, before the modules.
import { sendPopupEarly } from './early';
import { drawFirstScreen, pageStorage } from './first-screen';

sendPopupEarly();
drawFirstScreen(document, pageStorage());
