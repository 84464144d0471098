import { render } from 'preact';
import '../ui/styles.css';
import './popup.css';
import { Popup } from './Popup';

document.documentElement.classList.add('popup');
render(<Popup />, document.getElementById('app')!);
