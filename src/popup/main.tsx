// First, so the popup's first message is on its way before the rest of the popup's modules run.
import { firstStateWithin } from './firstState';
import { render } from 'preact';
import '../ui/styles.css';
import './popup.css';
import { Popup } from './Popup';

void firstStateWithin().then((first) => render(<Popup first={first} />, document.getElementById('app')!));
