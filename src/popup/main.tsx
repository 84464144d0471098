// First, so the popup's first message is on its way before the rest of the popup's modules run.
import './firstState';
import { render } from 'preact';
import '../ui/styles.css';
import './popup.css';
import { Popup } from './Popup';

render(<Popup />, document.getElementById('app')!);
