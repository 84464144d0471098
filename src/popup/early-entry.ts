// Entry of /popup-early.js (see early.ts and first-screen.ts): the message first, so the background works on the
// answer while the kept first screen is drawn. index.html runs it after #app, before the modules.
import { sendEarly } from './early';
import { drawFirstScreen, pageStorage } from './first-screen';

sendEarly();
drawFirstScreen(document, pageStorage());
